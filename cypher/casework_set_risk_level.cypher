// Record a practitioner's risk assessment and make its level the person's current one. The SET
// before reading the old level takes the person's write lock, so two assessments at once
// each see the level the other left. The old level stays in the history (previous_level).
MATCH (p:Person {person_id: $person_id})
SET p.risk_level_set_at = $now
WITH p, p.risk_level AS previous
CREATE (r:RiskAssessment {assessment_id: $assessment_id})
SET r.assessed_at = $now, r.level = $level, r.previous_level = previous,
    r.rationale = $rationale, r.by = $by, r.agency = $agency,
    r.tool = 'professional judgement', r.person_id = p.person_id
CREATE (r)-[:ASSESSES]->(p)
SET p.risk_level = $level, p.risk_level_source = $assessment_id
RETURN previous
