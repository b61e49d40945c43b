// Link new or changed reports (whose old links were just cleared) to their agency and the people
// they name. CREATE is safe: the rows' lists are de-duplicated and no link exists yet.
// A relationship's start node is the record that made it; `via` names the person record.
MERGE (a:Agency {name: $agency})
WITH a
UNWIND $rows AS row
MATCH (i:Intelligence {intel_id: row.key})
CREATE (i)-[:SUBMITTED_BY]->(a)
WITH i, row
UNWIND row.people_refs AS ref
MATCH (:AgencyRecord {record_key: ref.record_key})-[:REFERS_TO]->(p:Person)
CREATE (i)-[:MENTIONS {via: ref.record_key}]->(p)
RETURN count(*) AS linked
