// The intelligence reports an import landed, each with every stored property, its agency and
// the keys of everything it mentions (people, locations, vehicles, phones, online accounts), for
// the bare-write baseline of the ingest benchmark (one slice).
MATCH (i:Intelligence)
WHERE i.intel_id >= $from_id AND i.intel_id < $to_id
CALL (i) {
  OPTIONAL MATCH (i)-[:MENTIONS]->(n)
  RETURN collect(CASE WHEN n:Person THEN n.person_id END) AS people,
         collect(CASE WHEN n:Location THEN n.location_id END) AS locations,
         collect(CASE WHEN n:Vehicle THEN n.vrm END) AS vehicles,
         collect(CASE WHEN n:Phone THEN n.e164 END) AS phones,
         collect(CASE WHEN n:OnlineAccount THEN n.account_key END) AS accounts
}
RETURN properties(i) AS props, i.agency AS agency, people, locations, vehicles, phones, accounts
