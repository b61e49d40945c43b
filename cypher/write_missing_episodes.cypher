// Write new or changed missing episodes with their links: the child, where they were found, who
// they were missing with, the agency; each episode MERGEd once. The batch read the stored hashes
// first (`missing_episode_hashes`), so every row here is new or changed: `stamp` says it had this
// source's hash before (a changed row: changed_at is stamped), `clear` that its old links go
// (an exchange row of a stored episode; SSD extracts only add to an episode, so they never clear
// it). SSD rows fill only the fields they carry (`row.props` leaves out the rest).
// A relationship's start node is the record that made it; `via` names the person record.
// Dates and date-times arrive as ISO text (`*_dates`, `*_datetimes`: store/wire.py).
MERGE (a:Agency {name: $agency})
WITH a
UNWIND $rows AS row
MERGE (e:MissingEpisode {episode_id: row.key})
  ON CREATE SET e.agency = row.agency, e.source_ref = row.source_ref, e.imported_at = $now
SET e += row.props,
    e.import_run = $run_id
FOREACH (k IN keys(row.props_dates) | SET e[k] = date(row.props_dates[k]))
FOREACH (k IN keys(row.props_datetimes) | SET e[k] = datetime(row.props_datetimes[k]))
FOREACH (_ IN CASE WHEN row.stamp THEN [1] ELSE [] END | SET e.changed_at = $now)
WITH a, e, row
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
  MERGE (e)-[:OF {via: record_key}]->(p)
}
CALL (e, row) {
  UNWIND row.found_location_ids AS location_id
  MATCH (l:Location {location_id: location_id})
  MERGE (e)-[:FOUND_AT]->(l)
}
CALL (e, row) {
  UNWIND row.missing_with AS record_key
  MATCH (:AgencyRecord {record_key: record_key})-[:REFERS_TO]->(p:Person)
  MERGE (e)-[:MISSING_WITH {via: record_key}]->(p)
}
RETURN count(*) AS written
