// Missing-episode records reported in a window, with what the oversight KPIs need. The date of
// birth only lets the service recognise one episode recorded by several agencies; it never
// leaves the service. `in_cohort`: the child is in the cohort of any operation. Times are epoch
// seconds: hydrating thousands of driver DateTime values costs more than the query.
MATCH (e:MissingEpisode)
WHERE e.reported_missing_at >= $start AND e.reported_missing_at < $end
OPTIONAL MATCH (e)-[:OF]->(p:Person)
WITH e, head(collect(p)) AS p
RETURN e.episode_id AS episode_id,
       e.agency AS agency,
       p.person_id AS person_id,
       toString(p.date_of_birth) AS dob,
       e.reported_missing_at.epochSeconds AS reported_missing_at,
       e.returned_at.epochSeconds AS returned_at,
       e.rhi_offered AS rhi_offered,
       e.rhi_offered_at.epochSeconds AS rhi_offered_at,
       e.rhi_completed_at.epochSeconds AS rhi_completed_at,
       e.rhi_declined AS rhi_declined,
       p IS NOT NULL AND EXISTS { (p)-[:IN_COHORT]->(:Operation) } AS in_cohort
