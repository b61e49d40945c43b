// Every location with its cross-agency place key and coordinates, as one record of rows
// [location_id, place_key, name, kind, latitude, longitude].
MATCH (l:Location)
RETURN collect([l.location_id, l.place_key, l.name, l.kind, l.latitude, l.longitude]) AS rows
