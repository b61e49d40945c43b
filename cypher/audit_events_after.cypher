// One page of the chain for verification: the events after a sequence number, in order.
MATCH (e:AuditEvent)
WHERE e.seq > $after
RETURN e {.*} AS event
ORDER BY e.seq
LIMIT $limit
