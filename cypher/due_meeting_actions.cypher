// Open meeting actions due on or before $until, of these operations (null: every operation).
MATCH (a:Action)-[:FOR_OPERATION]->(o:Operation)
WHERE a.status = 'open' AND a.due_date <= $until
  AND ($operations IS NULL OR o.operation_id IN $operations)
OPTIONAL MATCH (a)-[:ABOUT]->(p:Person)
RETURN a.action_id AS action_id, a.text AS text, a.owner_agency AS owner_agency,
       a.due_date AS due_date, o.operation_id AS operation_id, o.name AS operation_name,
       p.person_id AS person_id, p.display_name AS display_name
ORDER BY a.due_date, a.action_id
