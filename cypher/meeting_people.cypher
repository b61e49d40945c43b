// Display names of given people (snapshot members who may have left the cohort since).
UNWIND $person_ids AS person_id
MATCH (p:Person {person_id: person_id})
RETURN p.person_id AS person_id, p.display_name AS display_name
