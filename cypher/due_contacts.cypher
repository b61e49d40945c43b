// Young people of these operations' cohorts (null: every cohort) with the latest contact the
// board holds of each kind: a practitioner's risk assessment, a completed return home interview,
// a meeting action about them marked done, a disclosure report (handling code P only).
MATCH (p:YoungPerson)-[c:IN_COHORT]->(o:Operation)
WHERE $operations IS NULL OR o.operation_id IN $operations
WITH p, collect(o.operation_id) AS operations, min(c.since) AS since
RETURN p.person_id AS person_id, p.display_name AS display_name, operations, since,
       COLLECT { MATCH (r:RiskAssessment)-[:ASSESSES]->(p)
                 RETURN r.assessed_at AS t ORDER BY t DESC LIMIT 1 }[0] AS assessed,
       COLLECT { MATCH (e:MissingEpisode)-[:OF]->(p) WHERE e.rhi_completed_at IS NOT NULL
                 RETURN e.rhi_completed_at AS t ORDER BY t DESC LIMIT 1 }[0] AS interviewed,
       COLLECT { MATCH (a:Action)-[:ABOUT]->(p) WHERE a.status = 'done'
                 RETURN a.completed_at AS t ORDER BY t DESC LIMIT 1 }[0] AS acted,
       COLLECT { MATCH (i:Intelligence)-[:MENTIONS]->(p)
                 WHERE i.category = 'disclosure' AND coalesce(i.handling_code, 'P') <> 'C'
                 RETURN i.reported_at AS t ORDER BY t DESC LIMIT 1 }[0] AS disclosed
ORDER BY person_id
