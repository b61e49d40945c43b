// Reports naming cohort members, reported within the period, newest first. Handling code and
// conditions come back so the service can restrict C items per viewer.
MATCH (:Operation {operation_id: $operation_id})<-[:IN_COHORT]-(p:Person)<-[:MENTIONS]-(i:Intelligence)
WHERE i.reported_at >= $start AND i.reported_at <= $end
WITH i, collect(DISTINCT p.person_id) AS members
RETURN i.intel_id AS intel_id, i.agency AS holder, i.reported_at AS reported_at,
       i.category AS category, i.summary AS summary, i.grading AS grading,
       i.handling_code AS handling_code, i.handling_conditions AS conditions, members,
       COUNT {
         MATCH (i)-[:MENTIONS]->(x:Person)
         WHERE NOT x.person_id IN members
         RETURN DISTINCT x
       } AS others_named
ORDER BY reported_at DESC, intel_id
