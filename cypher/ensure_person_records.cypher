// Make sure each referenced person record exists and refers to a Person. A reference that arrives
// before its record creates a pending record and person with the deterministic id, which the
// record's own row later fills in. Existing records keep the person they refer to (merges).
UNWIND $refs AS ref
MERGE (r:AgencyRecord {record_key: ref.record_key})
  ON CREATE SET r.agency = ref.agency,
                r.source_ref = ref.source_ref,
                r.pending = true,
                r.imported_at = $now
WITH r, ref
CALL (r, ref) {
  OPTIONAL MATCH (r)-[:REFERS_TO]->(existing:Person)
  WITH r, ref, existing
  WHERE existing IS NULL
  MERGE (p:Person {person_id: ref.person_id})
    ON CREATE SET p.pending = true, p.created_at = $now
  MERGE (r)-[rel:REFERS_TO]->(p)
    ON CREATE SET rel.source = ref.record_key, rel.since = $now
}
RETURN count(*) AS ensured
