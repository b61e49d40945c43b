// Every person with their agency records, for a search for duplicates. Pending records
// (referenced but never sent) carry no values and are left out.
MATCH (r:AgencyRecord)-[:REFERS_TO]->(p:Person)
WHERE r.pending IS NULL
WITH p, collect(r {.record_key, .agency, .source_ref, .role, .first_name, .last_name, .aliases,
                   .date_of_birth, .gender, .nhs_number, .postcode}) AS records
RETURN p.person_id AS person_id, records
