// How many audit events there are.
MATCH (e:AuditEvent)
RETURN count(e) AS events
