// Lock both people for a merge and return what the merge must record. No row when either is no
// longer a person (already absorbed by another merge) or both are the same node.
MATCH (s:Person {person_id: $survivor})
MATCH (x:Person {person_id: $absorbed})
WHERE s <> x
SET s.resolve_lock = true, x.resolve_lock = true
REMOVE s.resolve_lock, x.resolve_lock
RETURN labels(x) AS labels,
       COLLECT { MATCH (r:AgencyRecord)-[:REFERS_TO]->(x) RETURN r.record_key } AS records,
       COLLECT { MATCH (r:AgencyRecord)-[:REFERS_TO]->(s) RETURN r.record_key } AS survivor_records
