// The person an agency record refers to now (after any merge), by its key `agency/source_ref`.
MATCH (:AgencyRecord {record_key: $record_key})-[:REFERS_TO]->(p:Person)
RETURN p.person_id AS person_id
