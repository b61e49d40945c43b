// Link episodes to the child, where they were found, who they were missing with, the agency.
// A relationship's start node is the record that made it; `via` names the person record.
MERGE (a:Agency {name: $agency})
WITH a
UNWIND $rows AS row
MATCH (e:MissingEpisode {episode_id: row.key})
MERGE (e)-[:REPORTED_BY]->(a)
WITH e, row
CALL (e, row) {
  UNWIND row.person_refs AS ref
  MATCH (:AgencyRecord {record_key: ref.record_key})-[:REFERS_TO]->(p:Person)
  MERGE (e)-[m:OF {via: ref.record_key}]->(p)
  RETURN count(*) AS children
}
CALL (e, row) {
  UNWIND row.found_location_ids AS location_id
  MATCH (l:Location {location_id: location_id})
  MERGE (e)-[m:FOUND_AT]->(l)
  RETURN count(*) AS places
}
CALL (e, row) {
  UNWIND row.missing_with_refs AS ref
  MATCH (:AgencyRecord {record_key: ref.record_key})-[:REFERS_TO]->(p:Person)
  MERGE (e)-[m:MISSING_WITH {via: ref.record_key}]->(p)
  RETURN count(*) AS companions
}
RETURN count(*) AS linked
