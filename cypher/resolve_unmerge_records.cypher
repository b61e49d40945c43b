// Un-merge, step 2: the agency records that moved go back to the restored person.
MATCH (m:Merge {merge_id: $merge_id})
MATCH (s:Person {person_id: m.survivor})
MATCH (x:Person {person_id: m.absorbed})
MATCH (r:AgencyRecord)-[old:REFERS_TO]->(s)
WHERE r.record_key IN m.records
CREATE (r)-[new:REFERS_TO]->(x)
SET new = properties(old)
DELETE old
RETURN count(*) AS moved
