// People by id with what a list or a graph node needs: name, role, risk level, records, cohort.
UNWIND $person_ids AS person_id
MATCH (p:Person {person_id: person_id})
RETURN p.person_id AS person_id, p.display_name AS display_name,
       CASE WHEN p:YoungPerson THEN 'young_person'
            WHEN p:Associate THEN 'associate' ELSE null END AS role,
       p.risk_level AS risk_level, p.pseudonym AS pseudonym, p.date_of_birth AS date_of_birth,
       COLLECT { MATCH (r:AgencyRecord)-[:REFERS_TO]->(p) RETURN r.record_key } AS records,
       EXISTS { (p)-[:IN_COHORT]->(:Operation) } AS in_cohort
