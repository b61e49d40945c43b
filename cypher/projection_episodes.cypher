// Missing episodes overlapping a time window, optionally filtered by agency, with who and where.
MATCH (e:MissingEpisode)-[:OF]->(p:Person)
WHERE e.reported_missing_at <= $window_end
  AND coalesce(e.returned_at, $window_end) >= $window_start
  AND ($agencies IS NULL OR e.agency IN $agencies)
RETURN e.episode_id AS episode_id, e.agency AS agency, p.person_id AS person_id,
       e.reported_missing_at AS reported_missing_at, e.returned_at AS returned_at,
       COLLECT { MATCH (e)-[:FOUND_AT]->(l:Location) RETURN l.location_id }[0] AS found_location_id,
       COLLECT { MATCH (e)-[:MISSING_WITH]->(w:Person) RETURN DISTINCT w.person_id } AS missing_with,
       e.rhi_offered AS rhi_offered, e.rhi_offered_at AS rhi_offered_at, e.rhi_completed_at AS rhi_completed_at,
       e.rhi_declined AS rhi_declined
