// Name an operation's lead practitioner (person_id null) or a cohort member's lead professional:
// the current assignment of the same kind ends now (kept, with who ended it), a new one starts.
MATCH (o:Operation {operation_id: $operation_id})
CALL (o) {
  OPTIONAL MATCH (old:LeadAssignment {operation_id: $operation_id, kind: $kind})
  WHERE old.until IS NULL AND coalesce(old.person_id, '') = coalesce($person_id, '')
  SET old.until = $now, old.ended_by = $by
  RETURN count(old) AS ended
}
CREATE (a:LeadAssignment {assignment_id: $assignment_id})
SET a.kind = $kind, a.operation_id = $operation_id, a.person_id = $person_id,
    a.username = $username, a.name = $name, a.agency = $agency, a.contact = $contact,
    a.since = $now, a.set_by = $by
CREATE (a)-[:FOR_OPERATION]->(o)
WITH a, ended
CALL (a) {
  OPTIONAL MATCH (p:Person {person_id: $person_id})
  WITH p WHERE p IS NOT NULL
  CREATE (a)-[:FOR_PERSON]->(p)
}
RETURN a.assignment_id AS assignment_id, ended
