// Link episodes to the child, where they were found, who they were missing with, the agency,
// each episode MATCHed once. A changed episode's old links go first (`clear`; SSD rows only add
// to an episode, so they never clear it). A relationship's start node is the record that made
// it; `via` names the person record.
MERGE (a:Agency {name: $agency})
WITH a
UNWIND $rows AS row
MATCH (e:MissingEpisode {episode_id: row.key})
CALL (e, row) {
  WITH e, row
  WHERE row.clear
  MATCH (e)-[m:OF|FOUND_AT|MISSING_WITH]->()
  DELETE m
}
MERGE (e)-[:REPORTED_BY]->(a)
WITH e, row
CALL (e, row) {
  UNWIND row.people AS record_key
  MATCH (:AgencyRecord {record_key: record_key})-[:REFERS_TO]->(p:Person)
  MERGE (e)-[m:OF {via: record_key}]->(p)
}
CALL (e, row) {
  UNWIND row.found_location_ids AS location_id
  MATCH (l:Location {location_id: location_id})
  MERGE (e)-[m:FOUND_AT]->(l)
}
CALL (e, row) {
  UNWIND row.missing_with AS record_key
  MATCH (:AgencyRecord {record_key: record_key})-[:REFERS_TO]->(p:Person)
  MERGE (e)-[m:MISSING_WITH {via: record_key}]->(p)
}
RETURN count(*) AS linked
