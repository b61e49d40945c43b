// A person's risk assessments, newest first.
MATCH (r:RiskAssessment)-[:ASSESSES]->(:Person {person_id: $person_id})
RETURN r {.assessment_id, .assessed_at, .level, .previous_level, .rationale, .by,
          .agency} AS assessment
ORDER BY r.assessed_at DESC, r.assessment_id DESC
