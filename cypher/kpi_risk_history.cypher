// Risk assessments of young people made before the end of the reporting period, oldest first.
MATCH (a:RiskAssessment)-[:ASSESSES]->(p:YoungPerson)
WHERE a.assessed_at IS NOT NULL AND a.assessed_at < $end
RETURN p.person_id AS person_id, a.assessed_at AS assessed_at, a.level AS level
ORDER BY assessed_at
