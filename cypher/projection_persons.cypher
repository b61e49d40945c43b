// People with ids in [$lower, $upper), with the few fields analysis needs, as one record of rows
// [person_id, role, risk_level, pseudonym, label]: a bulk read decodes far faster this way than
// as one record per person.
MATCH (p:Person)
WHERE p.person_id >= $lower AND p.person_id < $upper
RETURN collect([p.person_id,
                CASE WHEN p:YoungPerson THEN 'young_person' WHEN p:Associate THEN 'associate' END,
                p.risk_level, p.pseudonym, p.display_name]) AS rows
