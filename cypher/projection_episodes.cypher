// Missing episodes reported in [$lower, $upper) whose period reaches $window_start (still missing
// counts as up to $window_end), optionally filtered by agency, as one record of rows (times in
// epoch milliseconds): [episode_id, agency, person_id, reported_ms, returned_ms,
// found_location_id, missing_with, rhi_offered, rhi_offered_ms, rhi_completed_ms, rhi_declined].
MATCH (e:MissingEpisode)-[:OF]->(p:Person)
WHERE e.reported_missing_at >= $lower AND e.reported_missing_at < $upper
  AND coalesce(e.returned_at, $window_end) >= $window_start
  AND ($agencies IS NULL OR e.agency IN $agencies)
RETURN collect([e.episode_id, e.agency, p.person_id, e.reported_missing_at.epochMillis,
       e.returned_at.epochMillis,
       COLLECT { MATCH (e)-[:FOUND_AT]->(l:Location) RETURN l.location_id }[0],
       COLLECT { MATCH (e)-[:MISSING_WITH]->(w:Person) RETURN DISTINCT w.person_id },
       e.rhi_offered, e.rhi_offered_at.epochMillis, e.rhi_completed_at.epochMillis,
       e.rhi_declined]) AS rows
