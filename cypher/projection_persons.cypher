// Every person with the few fields analysis needs (bulk read, no per-node queries).
MATCH (p:Person)
RETURN p.person_id AS person_id,
       CASE WHEN p:YoungPerson THEN 'young_person' WHEN p:Associate THEN 'associate' ELSE null END AS role,
       p.risk_level AS risk_level,
       p.pseudonym AS pseudonym,
       p.display_name AS label
