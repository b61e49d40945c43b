// Missing-episode records reported in a window, with what the oversight figures need: the child
// after resolution, the kind of absence, and which times were recorded as a day only.
// `in_cohort`: the child is in the cohort of any operation. Times are epoch seconds: hydrating
// thousands of driver DateTime values costs more than the query.
MATCH (e:MissingEpisode)
WHERE e.reported_missing_at >= $start AND e.reported_missing_at < $end
OPTIONAL MATCH (e)-[:OF]->(p:Person)
WITH e, head(collect(p)) AS p
RETURN e.episode_id AS episode_id,
       e.agency AS agency,
       p.person_id AS person_id,
       coalesce(e.absence_type, 'missing') AS absence_type,
       coalesce(e.date_only, []) AS date_only,
       e.reported_missing_at.epochSeconds AS reported_missing_at,
       e.returned_at.epochSeconds AS returned_at,
       e.rhi_offered AS rhi_offered,
       e.rhi_offered_at.epochSeconds AS rhi_offered_at,
       e.rhi_completed_at.epochSeconds AS rhi_completed_at,
       e.rhi_declined AS rhi_declined,
       p IS NOT NULL AND EXISTS { (p)-[:IN_COHORT]->(:Operation) } AS in_cohort
