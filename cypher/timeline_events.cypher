// What happened to each person in a window, for the timeline: the reports naming them, their
// missing episodes (as the child or as missing with them; overlapping the window), and the risk
// levels set for them. Handling conditions come with C reports so the service can check them.
UNWIND $person_ids AS person_id
MATCH (p:Person {person_id: person_id})
CALL (p) {
  MATCH (p)<-[:MENTIONS]-(i:Intelligence)
  WHERE i.reported_at >= $window_start AND i.reported_at <= $window_end
  RETURN 'intelligence' AS type, i.intel_id AS record_id, i.agency AS agency,
         i.reported_at AS at, null AS until, i.category AS category, i.grading AS grading,
         i.handling_code AS handling_code,
         CASE WHEN i.handling_code = 'C' THEN i.handling_conditions END AS handling_conditions,
         null AS absence_type, null AS missing_from, null AS level, null AS previous_level,
         null AS with_child
  UNION ALL
  MATCH (p)<-[r:OF|MISSING_WITH]-(e:MissingEpisode)
  WHERE e.reported_missing_at <= $window_end
    AND coalesce(e.returned_at, $window_end) >= $window_start
  RETURN 'missing_episode' AS type, e.episode_id AS record_id, e.agency AS agency,
         e.reported_missing_at AS at, e.returned_at AS until, null AS category,
         'record' AS grading, null AS handling_code, null AS handling_conditions,
         e.absence_type AS absence_type, e.missing_from AS missing_from, null AS level,
         null AS previous_level, type(r) = 'MISSING_WITH' AS with_child
  UNION ALL
  MATCH (p)<-[:ASSESSES]-(a:RiskAssessment)
  WHERE a.assessed_at >= $window_start AND a.assessed_at <= $window_end
  RETURN 'risk_assessment' AS type, a.assessment_id AS record_id, a.agency AS agency,
         a.assessed_at AS at, null AS until, null AS category, null AS grading,
         null AS handling_code, null AS handling_conditions, null AS absence_type,
         null AS missing_from, a.level AS level, a.previous_level AS previous_level,
         null AS with_child
}
RETURN p.person_id AS person_id, type, record_id, agency, at, until, category, grading,
       handling_code, handling_conditions, absence_type, missing_from, level, previous_level,
       with_child
ORDER BY at, record_id
