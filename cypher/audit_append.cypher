// Append one event and move the chain head to it (same transaction as the lock).
MATCH (c:AuditChain {chain_id: 'main'})
CREATE (e:AuditEvent)
SET e = $event
SET c.seq = $event.seq, c.head = $event.hash
RETURN e.event_id AS event_id
