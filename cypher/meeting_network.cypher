// Links among an operation's cohort in a window: reports naming two members (E-graded reports
// never link) and missing episodes recording two members together. One row per record and pair.
MATCH (:Operation {operation_id: $operation_id})<-[:IN_COHORT]-(m:Person)
WITH collect(m) AS members
UNWIND members AS a
CALL (a, members) {
  MATCH (a)<-[:MENTIONS]-(i:Intelligence)-[:MENTIONS]->(b:Person)
  WHERE b IN members AND a.person_id < b.person_id AND i.builds_links
    AND i.reported_at >= $start AND i.reported_at <= $end
  RETURN b.person_id AS other, 'same_report' AS kind, i.intel_id AS record, i.agency AS holder,
         i.handling_code AS handling_code, i.handling_conditions AS conditions
  UNION
  MATCH (a)<-[:OF|MISSING_WITH]-(e:MissingEpisode)-[:OF|MISSING_WITH]->(b:Person)
  WHERE b IN members AND a.person_id < b.person_id
    AND e.reported_missing_at >= $start AND e.reported_missing_at <= $end
  RETURN b.person_id AS other, 'missing_together' AS kind, e.episode_id AS record, e.agency AS holder,
         null AS handling_code, null AS conditions
}
RETURN DISTINCT a.person_id AS a, other AS b, kind, record, holder, handling_code, conditions
ORDER BY a, b, record
