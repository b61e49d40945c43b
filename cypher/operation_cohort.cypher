// The people nominated to the cohorts of these operations (an operational user's scope is built
// around them from the links that user may see; see services/scope.py).
MATCH (o:Operation)<-[:IN_COHORT]-(member:Person)
WHERE o.operation_id IN $operations
RETURN DISTINCT member.person_id AS person_id
ORDER BY person_id
