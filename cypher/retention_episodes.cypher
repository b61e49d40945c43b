// Missing episodes reported before the cutoff: retention candidates with the child's id.
MATCH (e:MissingEpisode)
WHERE e.reported_missing_at < $cutoff
RETURN e.episode_id AS record_id, e.agency AS agency, e.reported_missing_at AS reported_at,
       [(e)-[:OF]->(p:Person) | p.person_id] AS person_ids
ORDER BY reported_at, record_id
