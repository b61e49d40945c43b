// The places a person's own records put them at (reports naming them, episodes where they were
// found), widened to every location record of the same resolved place.
MATCH (p:Person {person_id: $person_id})
CALL (p) {
  MATCH (p)<-[:MENTIONS]-(i:Intelligence)-[:MENTIONS]->(l:Location)
  WHERE i.reported_at >= $window_start AND i.reported_at <= $window_end
  RETURN l
  UNION
  MATCH (p)<-[:OF]-(:MissingEpisode)-[:FOUND_AT]->(l:Location)
  RETURN l
}
WITH DISTINCT l
CALL (l) {
  RETURN l AS same
  UNION
  MATCH (l)-[:AT_PLACE]->(:Place)<-[:AT_PLACE]-(same:Location)
  RETURN same
}
RETURN DISTINCT same.location_id AS location_id
