// Add a person to an operation's cohort, with who nominated them, when and why.
MATCH (o:Operation {operation_id: $operation_id})
MATCH (p:Person {person_id: $person_id})
MERGE (p)-[c:IN_COHORT]->(o)
  ON CREATE SET c.since = $now, c.nominated_by = $by, c.rationale = $rationale
RETURN p.person_id AS person_id
