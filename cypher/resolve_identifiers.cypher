// Phones and online accounts attributed to one person record: mentioned in a report that names
// only that record's person. Reports naming several people do not say whose phone it is.
MATCH (o)
WHERE o:Phone OR o:OnlineAccount
MATCH (i:Intelligence)-[:MENTIONS]->(o)
WITH i, coalesce(o.e164, o.account_key) AS identifier
MATCH (i)-[m:MENTIONS]->(:Person)
WITH i, identifier, collect(DISTINCT m.via) AS vias
WHERE size(vias) = 1
RETURN vias[0] AS record_key, collect(DISTINCT identifier) AS identifiers
