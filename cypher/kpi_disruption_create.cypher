// Record one disruption (a CAWN served or an NRM referral made), linked to its operation if any.
CREATE (d:DisruptionRecord {record_id: $record_id})
SET d.kind = $kind, d.recorded_at = $recorded_at, d.recorded_by = $recorded_by,
    d.operation_id = $operation_id, d.entered_at = $now
WITH d
CALL (d) {
  MATCH (o:Operation {operation_id: $operation_id})
  MERGE (d)-[:FOR_OPERATION]->(o)
}
RETURN d.record_id AS record_id
