// Take the audit chain's write lock and read its head, so appends are strictly sequential.
MERGE (c:AuditChain {chain_id: 'main'})
  ON CREATE SET c.seq = 0, c.head = 'genesis'
SET c.touched_at = $now
RETURN c.seq AS seq, c.head AS head
