// People an operational user may see: the cohorts of their operations, and the people linked to
// a cohort member by a report naming both or a missing episode recording them together.
MATCH (o:Operation)<-[:IN_COHORT]-(member:Person)
WHERE o.operation_id IN $operations
WITH collect(DISTINCT member) AS members
UNWIND members AS member
CALL (member) {
  RETURN member AS person
  UNION
  MATCH (member)<-[:MENTIONS]-(i:Intelligence)-[:MENTIONS]->(other:Person)
  WHERE i.builds_links
  RETURN other AS person
  UNION
  MATCH (member)<-[:OF|MISSING_WITH]-(:MissingEpisode)-[:OF|MISSING_WITH]->(other:Person)
  RETURN other AS person
}
RETURN DISTINCT person.person_id AS person_id, person IN members AS in_cohort
