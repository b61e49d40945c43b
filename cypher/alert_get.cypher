// One alert by id.
MATCH (al:Alert {alert_id: $alert_id})
RETURN al {.*} AS alert
