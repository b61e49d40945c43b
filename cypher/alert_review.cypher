// Confirm or dismiss an open alert; the reviewer owns it. Risk levels are never touched here.
MATCH (al:Alert {alert_id: $alert_id})
WHERE al.status = 'open'
SET al.status = $status, al.owner = $owner, al.note = $note, al.reviewed_at = $now
RETURN al {.*} AS alert
