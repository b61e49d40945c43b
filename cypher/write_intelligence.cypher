// Write new or changed reports with their links, each report MERGEd once. The batch read the
// stored hashes first (`intelligence_hashes`), so every row here is new or changed: `stored`
// says the report was there before (its old links go and are rebuilt from the new row), `stamp`
// that it had a hash (a changed report: stamped and sent back to the practice lead's inbox, its
// review cleared). MERGE, so a report another import landed meanwhile is updated, not doubled.
// CREATE is safe for the links: the rows' lists are de-duplicated and no link is left.
// A relationship's start node is the record that made it; `via` names the person record.
// Dates and date-times arrive as ISO text (`*_dates`, `*_datetimes`: store/wire.py).
MERGE (a:Agency {name: $agency})
WITH a
UNWIND $rows AS row
MERGE (i:Intelligence {intel_id: row.key})
  ON CREATE SET i.agency = row.agency,
                i.source_ref = row.source_ref,
                i.imported_at = $now,
                i.received_at = $now
SET i += row.props,
    i.import_run = $run_id,
    i.changed_at = CASE WHEN row.stamp THEN $now ELSE null END
FOREACH (k IN keys(row.props_dates) | SET i[k] = date(row.props_dates[k]))
FOREACH (k IN keys(row.props_datetimes) | SET i[k] = datetime(row.props_datetimes[k]))
FOREACH (_ IN CASE WHEN row.stamp THEN [1] ELSE [] END | SET i.reviewed_at = null)
WITH a, i, row
CALL (i, row) {
  WITH i, row
  WHERE row.stored
  MATCH (i)-[m:MENTIONS|SUBMITTED_BY]->()
  DELETE m
}
CREATE (i)-[:SUBMITTED_BY]->(a)
WITH i, row
CALL (i, row) {
  UNWIND row.people AS record_key
  MATCH (:AgencyRecord {record_key: record_key})-[:REFERS_TO]->(p:Person)
  CREATE (i)-[:MENTIONS {via: record_key}]->(p)
}
CALL (i, row) {
  UNWIND row.location_ids AS location_id
  MATCH (l:Location {location_id: location_id})
  CREATE (i)-[:MENTIONS]->(l)
}
CALL (i, row) {
  UNWIND row.vehicles AS vrm
  MERGE (v:Vehicle {vrm: vrm})
  CREATE (i)-[:MENTIONS]->(v)
}
CALL (i, row) {
  UNWIND row.phones AS e164
  MERGE (ph:Phone {e164: e164})
  CREATE (i)-[:MENTIONS]->(ph)
}
CALL (i, row) {
  UNWIND row.online_accounts AS account
  MERGE (o:OnlineAccount {account_key: account.platform + ':' + account.handle})
    ON CREATE SET o.platform = account.platform, o.handle = account.handle
  CREATE (i)-[:MENTIONS]->(o)
}
RETURN count(*) AS written
