// The phones and online accounts attributed to some records (see resolve_identifiers).
UNWIND $record_keys AS key
MATCH (:AgencyRecord {record_key: key})-[:REFERS_TO]->(:Person)<-[m:MENTIONS]-(i:Intelligence)
WHERE m.via = key
  AND NOT EXISTS { MATCH (i)-[other:MENTIONS]->(:Person) WHERE other.via <> key }
MATCH (i)-[:MENTIONS]->(o)
WHERE o:Phone OR o:OnlineAccount
RETURN key AS record_key, collect(DISTINCT coalesce(o.e164, o.account_key)) AS identifiers
