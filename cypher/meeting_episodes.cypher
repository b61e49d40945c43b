// Missing episodes of cohort members that overlap the period (still-missing ones included).
MATCH (:Operation {operation_id: $operation_id})<-[:IN_COHORT]-(p:Person)<-[:OF]-(e:MissingEpisode)
WHERE e.reported_missing_at <= $end AND coalesce(e.returned_at, $end) >= $start
RETURN DISTINCT e.episode_id AS episode_id, e.agency AS agency, p.person_id AS person_id,
       e.reported_missing_at AS reported_missing_at, e.returned_at AS returned_at,
       e.missing_from AS missing_from, e.absence_type AS absence_type,
       e.police_risk_level AS police_risk_level,
       COLLECT { MATCH (e)-[:FOUND_AT]->(l:Location) RETURN l.name }[0] AS found_at,
       e.rhi_offered AS rhi_offered, e.rhi_offered_at AS rhi_offered_at,
       e.rhi_completed_at AS rhi_completed_at, e.rhi_declined AS rhi_declined
ORDER BY reported_missing_at DESC, episode_id
