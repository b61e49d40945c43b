// Every location record with the place it was resolved into and its coordinates, as one record
// of rows [location_id, place_id, name, kind, postcode, latitude, longitude].
MATCH (l:Location)
OPTIONAL MATCH (l)-[:AT_PLACE]->(p:Place)
RETURN collect([l.location_id, p.place_id, l.name, l.kind, l.postcode, l.latitude,
                l.longitude]) AS rows
