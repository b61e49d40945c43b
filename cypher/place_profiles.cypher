// Every place with its agency location records, for place resolution. Pending locations
// (referenced but never sent) carry no values and are left out.
MATCH (l:Location)-[:AT_PLACE]->(p:Place)
WHERE l.pending IS NULL
WITH p, collect(l {.location_id, .agency, .source_ref, .name, .kind, .postcode, .latitude,
                   .longitude}) AS records
RETURN p.place_id AS place_id, records
