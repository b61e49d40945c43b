// The chain head: the last sequence number and hash the application wrote.
OPTIONAL MATCH (c:AuditChain {chain_id: 'main'})
RETURN coalesce(c.seq, 0) AS seq, coalesce(c.head, 'genesis') AS head
