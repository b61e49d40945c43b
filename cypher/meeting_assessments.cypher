// Risk assessments of cohort members made in the period, each with the level it replaced.
MATCH (:Operation {operation_id: $operation_id})<-[:IN_COHORT]-(p:Person)<-[:ASSESSES]-(a:RiskAssessment)
WHERE a.assessed_at >= $start AND a.assessed_at <= $end
RETURN p.person_id AS person_id, a.assessment_id AS assessment_id, a.assessed_at AS assessed_at,
       a.level AS level, a.rationale AS rationale, a.by AS by, a.agency AS agency,
       COLLECT {
         MATCH (prev:RiskAssessment)-[:ASSESSES]->(p)
         WHERE prev.assessed_at < a.assessed_at
         RETURN prev.level
         ORDER BY prev.assessed_at DESC
         LIMIT 1
       }[0] AS previous_level
ORDER BY assessed_at, assessment_id
