// Reports and missing episodes by id, with grading, dates, handling and the people they name.
UNWIND $record_ids AS record_id
CALL (record_id) {
  MATCH (i:Intelligence {intel_id: record_id})
  RETURN 'intelligence' AS type, i.agency AS agency, i.reported_at AS at, null AS returned_at,
         i.grading AS grading, i.category AS category, i.handling_code AS handling_code,
         i.handling_conditions AS handling_conditions,
         COLLECT { MATCH (i)-[:MENTIONS]->(p:Person) RETURN DISTINCT p.person_id } AS person_ids
  UNION
  MATCH (e:MissingEpisode {episode_id: record_id})
  RETURN 'missing_episode' AS type, e.agency AS agency, e.reported_missing_at AS at,
         e.returned_at AS returned_at, 'record' AS grading, null AS category,
         null AS handling_code, null AS handling_conditions,
         COLLECT { MATCH (e)-[:OF|MISSING_WITH]->(p:Person) RETURN DISTINCT p.person_id }
           AS person_ids
}
RETURN record_id, type, agency, at, returned_at, grading, category, handling_code,
       handling_conditions, person_ids
