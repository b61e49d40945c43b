// Every location record that has landed belongs to a place: one made before places existed
// gets its own (the id derived from its location id, as an import would make it).
MATCH (l:Location)
WHERE l.pending IS NULL AND NOT EXISTS { (l)-[:AT_PLACE]->() }
WITH l LIMIT $limit
MERGE (p:Place {place_id: 'PL-' + substring(l.location_id, 2)})
  ON CREATE SET p.created_at = $now
MERGE (l)-[:AT_PLACE]->(p)
RETURN count(*) AS ensured
