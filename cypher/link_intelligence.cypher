// Link reports to their agency, the people and places they name, and the objects they mention.
// Every relationship carries `source`, the key of the agency record that made it.
MERGE (a:Agency {name: $agency})
WITH a
UNWIND $rows AS row
MATCH (i:Intelligence {intel_id: row.key})
MERGE (i)-[:SUBMITTED_BY]->(a)
WITH i, row
CALL (i, row) {
  UNWIND row.people_refs AS ref
  MATCH (:AgencyRecord {record_key: ref.record_key})-[:REFERS_TO]->(p:Person)
  MERGE (i)-[m:MENTIONS {via: ref.record_key}]->(p)
    ON CREATE SET m.role = 'named', m.source = row.key
  RETURN count(*) AS people
}
CALL (i, row) {
  UNWIND row.location_ids AS location_id
  MATCH (l:Location {location_id: location_id})
  MERGE (i)-[m:MENTIONS]->(l)
    ON CREATE SET m.role = 'place', m.source = row.key
  RETURN count(*) AS places
}
CALL (i, row) {
  UNWIND row.vehicles AS vrm
  MERGE (v:Vehicle {vrm: vrm})
  MERGE (i)-[m:MENTIONS]->(v)
    ON CREATE SET m.role = 'vehicle', m.source = row.key
  RETURN count(*) AS vehicles
}
CALL (i, row) {
  UNWIND row.phones AS e164
  MERGE (ph:Phone {e164: e164})
  MERGE (i)-[m:MENTIONS]->(ph)
    ON CREATE SET m.role = 'phone', m.source = row.key
  RETURN count(*) AS phones
}
CALL (i, row) {
  UNWIND row.online_accounts AS account
  MERGE (o:OnlineAccount {account_key: account.platform + ':' + account.handle})
    ON CREATE SET o.platform = account.platform, o.handle = account.handle
  MERGE (i)-[m:MENTIONS]->(o)
    ON CREATE SET m.role = 'online_account', m.source = row.key
  RETURN count(*) AS accounts
}
RETURN count(*) AS linked
