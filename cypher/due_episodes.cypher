// Missing-episode records of the last weeks that may have a return home interview due: returned
// since $since, or not yet returned and reported since $earliest (other agencies' records of the
// same absence), with the operations whose cohort the child is in. Every agency's records are
// read so that the service can put one absence together before it keeps the children in scope;
// Times are epoch seconds and the columns those of kpi_missing_episodes, so both read one way.
MATCH (e:MissingEpisode)
WHERE e.returned_at >= $since
   OR (e.returned_at IS NULL AND e.reported_missing_at >= $earliest)
OPTIONAL MATCH (e)-[:OF]->(p:Person)
WITH e, head(collect(p)) AS p
WITH e, p,
     CASE WHEN p IS NULL THEN []
          ELSE COLLECT { MATCH (p)-[:IN_COHORT]->(o:Operation) RETURN o.operation_id } END
       AS operations
RETURN e.episode_id AS episode_id,
       e.agency AS agency,
       p.person_id AS person_id,
       p.display_name AS display_name,
       operations,
       size(operations) > 0 AS in_cohort,
       coalesce(e.absence_type, 'missing') AS absence_type,
       coalesce(e.date_only, []) AS date_only,
       e.reported_missing_at.epochSeconds AS reported_missing_at,
       e.returned_at.epochSeconds AS returned_at,
       e.rhi_offered AS rhi_offered,
       e.rhi_offered_at.epochSeconds AS rhi_offered_at,
       e.rhi_completed_at.epochSeconds AS rhi_completed_at,
       e.rhi_declined AS rhi_declined
