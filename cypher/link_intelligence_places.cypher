// Link new or changed reports to the locations they name (links were just cleared).
UNWIND $rows AS row
MATCH (i:Intelligence {intel_id: row.key})
UNWIND row.location_ids AS location_id
MATCH (l:Location {location_id: location_id})
CREATE (i)-[:MENTIONS]->(l)
RETURN count(*) AS linked
