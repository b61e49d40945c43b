// Audit events in chain order, optionally filtered by who, what kind and when.
MATCH (e:AuditEvent)
WHERE ($username IS NULL OR e.username = $username)
  AND ($action IS NULL OR e.action = $action)
  AND ($since IS NULL OR e.at >= $since)
  AND ($record IS NULL OR $record IN e.records)
RETURN e {.*} AS event
ORDER BY e.seq
SKIP $skip
LIMIT $limit
