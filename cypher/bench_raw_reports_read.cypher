// The intelligence reports an import landed, each with every stored property, its agency and
// the people it mentions, for the bare-write baseline of the ingest benchmark (one slice).
MATCH (i:Intelligence)
WHERE i.intel_id >= $from_id AND i.intel_id < $to_id
OPTIONAL MATCH (i)-[:MENTIONS]->(p:Person)
WITH i, collect(p.person_id) AS people
RETURN properties(i) AS props, i.agency AS agency, people
