// The given people with the few fields analysis needs (as projection_persons, by id).
UNWIND $person_ids AS person_id
MATCH (p:Person {person_id: person_id})
RETURN p.person_id AS person_id,
       CASE WHEN p:YoungPerson THEN 'young_person' WHEN p:Associate THEN 'associate' ELSE null END AS role,
       p.risk_level AS risk_level,
       p.pseudonym AS pseudonym,
       p.display_name AS label
