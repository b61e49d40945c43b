// Merge, step 1: re-point every agency record of the absorbed person to the survivor, keeping
// each REFERS_TO's properties.
MATCH (x:Person {person_id: $absorbed})<-[old:REFERS_TO]-(r:AgencyRecord)
MATCH (s:Person {person_id: $survivor})
CREATE (r)-[new:REFERS_TO]->(s)
SET new = properties(old)
DELETE old
RETURN count(*) AS moved
