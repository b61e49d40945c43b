// Young people of these operations' cohorts (null: every cohort) with the latest contact the
// board holds of each kind: a practitioner's risk assessment, a completed return home interview,
// a meeting action about them marked done, a disclosure report (handling code P only).
MATCH (p:YoungPerson)-[c:IN_COHORT]->(o:Operation)
WHERE $operations IS NULL OR o.operation_id IN $operations
WITH p, collect(o.operation_id) AS operations, min(c.since) AS since
RETURN p.person_id AS person_id, p.display_name AS display_name, operations, since,
       COLLECT { MATCH (r:RiskAssessment)-[:ASSESSES]->(p)
                 RETURN max(r.assessed_at) }[0] AS assessed,
       COLLECT { MATCH (e:MissingEpisode)-[:OF]->(p)
                 RETURN max(e.rhi_completed_at) }[0] AS interviewed,
       COLLECT { MATCH (a:Action)-[:ABOUT]->(p) WHERE a.status = 'done'
                 RETURN max(a.completed_at) }[0] AS acted,
       COLLECT { MATCH (i:Intelligence)-[:MENTIONS]->(p)
                 WHERE i.category = 'disclosure' AND coalesce(i.handling_code, 'P') <> 'C'
                 RETURN max(i.reported_at) }[0] AS disclosed
ORDER BY person_id
