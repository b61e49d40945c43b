// The given location records with their resolved place and coordinates (as
// projection_locations).
UNWIND $location_ids AS location_id
MATCH (l:Location {location_id: location_id})
OPTIONAL MATCH (l)-[:AT_PLACE]->(p:Place)
RETURN l.location_id AS location_id, p.place_id AS place_id, l.name AS name, l.kind AS kind,
       l.postcode AS postcode, l.latitude AS latitude, l.longitude AS longitude
