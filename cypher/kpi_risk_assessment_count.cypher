// Whether any risk-assessment history exists yet.
MATCH (a:RiskAssessment)-[:ASSESSES]->(:Person)
RETURN count(a) AS count
