// An operation's cohort: each person's current risk level, nomination, and latest risk assessment.
MATCH (:Operation {operation_id: $operation_id})<-[c:IN_COHORT]-(p:Person)
WITH p, c,
     COLLECT {
       MATCH (a:RiskAssessment)-[:ASSESSES]->(p)
       RETURN a {.rationale, .assessed_at, .level}
       ORDER BY a.assessed_at DESC
       LIMIT 1
     } AS latest
RETURN p.person_id AS person_id, p.display_name AS display_name,
       CASE WHEN p:YoungPerson THEN 'young_person' WHEN p:Associate THEN 'associate' END AS role,
       p.risk_level AS risk_level, c.since AS in_cohort_since,
       c.rationale AS nomination_rationale,
       latest[0].rationale AS assessment_rationale, latest[0].assessed_at AS assessed_at
ORDER BY p.person_id
