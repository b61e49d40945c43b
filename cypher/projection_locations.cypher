// Every location record with the place it was resolved into and its coordinates.
MATCH (l:Location)
OPTIONAL MATCH (l)-[:AT_PLACE]->(p:Place)
RETURN l.location_id AS location_id, p.place_id AS place_id, l.name AS name, l.kind AS kind,
       l.postcode AS postcode, l.latitude AS latitude, l.longitude AS longitude
