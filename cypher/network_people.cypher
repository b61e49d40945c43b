// People by id with what a list needs: name, role and the practitioner-set risk level.
UNWIND $person_ids AS person_id
MATCH (p:Person {person_id: person_id})
RETURN p.person_id AS person_id, p.display_name AS display_name,
       CASE WHEN p:YoungPerson THEN 'young_person'
            WHEN p:Associate THEN 'associate' ELSE null END AS role,
       p.risk_level AS risk_level
