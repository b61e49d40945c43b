// Missing-episode records of the last weeks that may have a return home interview due: returned
// since $since, or not yet returned and reported since $earliest (other agencies' records of the
// same absence). `$operations` null: every child; else only children in those operations'
// cohorts. The date of birth only lets the service recognise one episode across agencies.
MATCH (e:MissingEpisode)
WHERE e.returned_at >= $since
   OR (e.returned_at IS NULL AND e.reported_missing_at >= $earliest)
OPTIONAL MATCH (e)-[:OF]->(p:Person)
WITH e, head(collect(p)) AS p
WITH e, p,
     CASE WHEN p IS NULL THEN []
          ELSE COLLECT { MATCH (p)-[:IN_COHORT]->(o:Operation) RETURN o.operation_id } END
       AS operations
WHERE $operations IS NULL OR any(o IN operations WHERE o IN $operations)
RETURN e.episode_id AS episode_id,
       e.agency AS agency,
       p.person_id AS person_id,
       p.display_name AS display_name,
       toString(p.date_of_birth) AS dob,
       operations,
       e.reported_missing_at AS reported_missing_at,
       e.returned_at AS returned_at,
       e.rhi_offered AS rhi_offered,
       e.rhi_offered_at AS rhi_offered_at,
       e.rhi_completed_at AS rhi_completed_at,
       e.rhi_declined AS rhi_declined
