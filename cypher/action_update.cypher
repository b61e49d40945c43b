// Update an operation's action: text, owner, due date, status (done stamps completion once),
// and the person it is about (re-pointed when it changes).
MATCH (a:Action {action_id: $action_id})-[:FOR_OPERATION]->(:Operation {operation_id: $operation_id})
SET a.text = $text,
    a.owner_agency = $owner_agency,
    a.due_date = $due_date,
    a.completed_at = CASE WHEN $status = 'done' THEN coalesce(a.completed_at, $now) END,
    a.completed_by = CASE WHEN $status = 'done' THEN coalesce(a.completed_by, $by) END,
    a.status = $status,
    a.updated_at = $now,
    a.updated_by = $by
WITH a
CALL (a) {
  OPTIONAL MATCH (a)-[r:ABOUT]->(old:Person)
  WHERE $person_id IS NULL OR old.person_id <> $person_id
  DELETE r
}
CALL (a) {
  OPTIONAL MATCH (p:Person {person_id: $person_id})
  WITH p WHERE p IS NOT NULL
  MERGE (a)-[:ABOUT]->(p)
}
RETURN a.action_id AS action_id
