// Link reports to their agency, the people and places they name, and the objects they mention.
// Every relationship carries the agency record that made it.
UNWIND $rows AS row
MATCH (i:Intelligence {agency: row.agency, source_ref: row.source_ref})
MERGE (a:Agency {name: row.agency})
MERGE (i)-[:SUBMITTED_BY]->(a)
WITH i, row
CALL (i, row) {
  UNWIND row.people AS ref
  MATCH (:AgencyRecord {agency: row.agency, source_ref: ref})-[:REFERS_TO]->(p:Person)
  MERGE (i)-[m:MENTIONS {via: row.agency + '/' + ref}]->(p)
    ON CREATE SET m.role = 'named', m.agency = row.agency, m.source_ref = row.source_ref
  RETURN count(*) AS people
}
CALL (i, row) {
  UNWIND row.location_ids AS location_id
  MATCH (l:Location {location_id: location_id})
  MERGE (i)-[m:MENTIONS]->(l)
    ON CREATE SET m.role = 'place', m.agency = row.agency, m.source_ref = row.source_ref
  RETURN count(*) AS places
}
CALL (i, row) {
  UNWIND row.vehicles AS vrm
  MERGE (v:Vehicle {vrm: vrm})
  MERGE (i)-[m:MENTIONS]->(v)
    ON CREATE SET m.role = 'vehicle', m.agency = row.agency, m.source_ref = row.source_ref
  RETURN count(*) AS vehicles
}
CALL (i, row) {
  UNWIND row.phones AS e164
  MERGE (ph:Phone {e164: e164})
  MERGE (i)-[m:MENTIONS]->(ph)
    ON CREATE SET m.role = 'phone', m.agency = row.agency, m.source_ref = row.source_ref
  RETURN count(*) AS phones
}
CALL (i, row) {
  UNWIND row.online_accounts AS account
  MERGE (o:OnlineAccount {account_key: account.platform + ':' + account.handle})
    ON CREATE SET o.platform = account.platform, o.handle = account.handle
  MERGE (i)-[m:MENTIONS]->(o)
    ON CREATE SET m.role = 'online_account', m.agency = row.agency, m.source_ref = row.source_ref
  RETURN count(*) AS accounts
}
RETURN count(*) AS linked
