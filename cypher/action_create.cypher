// Create an open action for an operation, optionally about one person.
MATCH (o:Operation {operation_id: $operation_id})
CREATE (a:Action {action_id: $action_id, text: $text, owner_agency: $owner_agency,
                  due_date: $due_date, status: 'open', created_at: $now, created_by: $by})
CREATE (a)-[:FOR_OPERATION]->(o)
WITH a
OPTIONAL MATCH (p:Person {person_id: $person_id})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | CREATE (a)-[:ABOUT]->(p))
RETURN a.action_id AS action_id
