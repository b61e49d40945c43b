// Some people (by id) with their agency records, for explaining or re-scoring candidates.
UNWIND $person_ids AS person_id
MATCH (p:Person {person_id: person_id})<-[:REFERS_TO]-(r:AgencyRecord)
WHERE r.pending IS NULL
WITH p, collect(r {.record_key, .agency, .source_ref, .role, .first_name, .last_name, .aliases,
                   .date_of_birth, .gender, .nhs_number, .postcode}) AS records
RETURN p.person_id AS person_id, records
