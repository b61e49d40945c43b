// Some places (by id) with their agency location records, for explaining candidates.
UNWIND $place_ids AS place_id
MATCH (p:Place {place_id: place_id})<-[:AT_PLACE]-(l:Location)
WHERE l.pending IS NULL
WITH p, collect(l {.location_id, .agency, .source_ref, .name, .kind, .postcode, .latitude,
                   .longitude}) AS records
RETURN p.place_id AS place_id, records
