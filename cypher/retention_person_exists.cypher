// Whether a person exists (erasure refuses unknown ids rather than reporting success).
MATCH (p:Person {person_id: $person_id})
RETURN p.person_id AS person_id
