// Intelligence in a time window, optionally filtered by agency and category, with what it mentions.
MATCH (i:Intelligence)
WHERE i.reported_at >= $window_start AND i.reported_at <= $window_end
  AND ($agencies IS NULL OR i.agency IN $agencies)
  AND ($categories IS NULL OR i.category IN $categories)
RETURN i.intel_id AS intel_id, i.agency AS agency, i.reported_at AS reported_at,
       i.category AS category, i.source_evaluation AS source_evaluation,
       i.intelligence_assessment AS intelligence_assessment, i.grading AS grading,
       i.handling_code AS handling_code,
       CASE WHEN i.handling_code = 'C' THEN i.handling_conditions END AS handling_conditions,
       COLLECT { MATCH (i)-[:MENTIONS]->(p:Person) RETURN DISTINCT p.person_id } AS person_ids,
       COLLECT { MATCH (i)-[:MENTIONS]->(l:Location) RETURN DISTINCT l.location_id } AS location_ids,
       COLLECT { MATCH (i)-[:MENTIONS]->(v:Vehicle) RETURN DISTINCT v.vrm } AS vehicles,
       COLLECT { MATCH (i)-[:MENTIONS]->(ph:Phone) RETURN DISTINCT ph.e164 } AS phones,
       COLLECT { MATCH (i)-[:MENTIONS]->(o:OnlineAccount) RETURN DISTINCT o.account_key } AS accounts
