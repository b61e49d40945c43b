// Whether a person exists (erasure refuses unknown ids rather than reporting success), or which
// person a merge absorbed them into (erasure then names the person to erase).
OPTIONAL MATCH (p:Person {person_id: $person_id})
OPTIONAL MATCH (x:MergedPerson {person_id: $person_id})
RETURN p IS NOT NULL AS exists, x.merged_into AS merged_into
