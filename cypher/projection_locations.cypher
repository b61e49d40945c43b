// Every location with its cross-agency place key and coordinates.
MATCH (l:Location)
RETURN l.location_id AS location_id, l.place_key AS place_key, l.name AS name, l.kind AS kind,
       l.latitude AS latitude, l.longitude AS longitude
