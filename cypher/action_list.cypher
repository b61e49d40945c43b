// An operation's actions (or one of them), with the person each is about.
MATCH (a:Action)-[:FOR_OPERATION]->(:Operation {operation_id: $operation_id})
WHERE $action_id IS NULL OR a.action_id = $action_id
RETURN a {.*} AS action,
       COLLECT { MATCH (a)-[:ABOUT]->(p:Person) RETURN p.person_id }[0] AS person_id
ORDER BY a.due_date, a.created_at, a.action_id
