// Link new or changed reports to their agency, the people, locations and objects they name, each
// report MATCHed once. A changed report's old links go first (`clear` lists the reports this batch
// did not create); a report created now has none. CREATE is safe for the rest: the rows' lists
// are de-duplicated and no link exists yet. A relationship's start node is the record that made
// it; `via` names the person record.
MERGE (a:Agency {name: $agency})
WITH a
UNWIND $rows AS row
MATCH (i:Intelligence {intel_id: row.key})
CALL (i, row) {
  WITH i, row
  WHERE row.clear
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
RETURN count(*) AS linked
