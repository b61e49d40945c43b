// The given locations with their cross-agency place key and coordinates (as projection_locations).
UNWIND $location_ids AS location_id
MATCH (l:Location {location_id: location_id})
RETURN l.location_id AS location_id, l.place_key AS place_key, l.name AS name, l.kind AS kind,
       l.latitude AS latitude, l.longitude AS longitude
