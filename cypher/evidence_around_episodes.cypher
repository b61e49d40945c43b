// Missing episodes of the window that can link one of the people to anyone: their own (as the
// child or as missing with), and episodes whose child was found at one of their places.
// The same columns as projection_episodes.
CALL () {
  UNWIND $person_ids AS person_id
  MATCH (:Person {person_id: person_id})<-[:OF|MISSING_WITH]-(e:MissingEpisode)
  RETURN e
  UNION
  UNWIND $location_ids AS location_id
  MATCH (:Location {location_id: location_id})<-[:FOUND_AT]-(e:MissingEpisode)
  RETURN e
}
WITH DISTINCT e
MATCH (e)-[:OF]->(c:Person)
WHERE e.reported_missing_at <= $window_end
  AND coalesce(e.returned_at, $window_end) >= $window_start
  AND ($agencies IS NULL OR e.agency IN $agencies)
RETURN e.episode_id AS episode_id, e.agency AS agency, c.person_id AS person_id,
       e.reported_missing_at AS reported_missing_at, e.returned_at AS returned_at,
       COLLECT { MATCH (e)-[:FOUND_AT]->(l:Location) RETURN l.location_id }[0] AS found_location_id,
       COLLECT { MATCH (e)-[:MISSING_WITH]->(w:Person) RETURN DISTINCT w.person_id } AS missing_with,
       e.rhi_offered AS rhi_offered, e.rhi_offered_at AS rhi_offered_at, e.rhi_completed_at AS rhi_completed_at,
       e.rhi_declined AS rhi_declined
