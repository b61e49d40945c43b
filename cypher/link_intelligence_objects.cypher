// Link new or changed reports to the vehicles, phones and online accounts they mention.
UNWIND $rows AS row
MATCH (i:Intelligence {intel_id: row.key})
CALL (i, row) {
  UNWIND row.vehicles AS vrm
  MERGE (v:Vehicle {vrm: vrm})
  CREATE (i)-[:MENTIONS]->(v)
  RETURN count(*) AS vehicles
}
CALL (i, row) {
  UNWIND row.phones AS e164
  MERGE (ph:Phone {e164: e164})
  CREATE (i)-[:MENTIONS]->(ph)
  RETURN count(*) AS phones
}
CALL (i, row) {
  UNWIND row.online_accounts AS account
  MERGE (o:OnlineAccount {account_key: account.platform + ':' + account.handle})
    ON CREATE SET o.platform = account.platform, o.handle = account.handle
  CREATE (i)-[:MENTIONS]->(o)
  RETURN count(*) AS accounts
}
RETURN count(*) AS linked
