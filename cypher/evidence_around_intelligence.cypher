// Every report of the window that can link one of the people to anyone: those naming them,
// those naming a phone, vehicle or account their reports name, and those naming one of their
// places ($location_ids). The same columns as projection_intelligence.
// Each branch runs once for all the people (reports at their places are read once, not once
// per person).
CALL () {
  UNWIND $person_ids AS person_id
  MATCH (:Person {person_id: person_id})<-[:MENTIONS]-(i:Intelligence)
  RETURN i
  UNION
  UNWIND $person_ids AS person_id
  MATCH (:Person {person_id: person_id})<-[:MENTIONS]-(:Intelligence)-[:MENTIONS]->(o)
  WHERE o:Vehicle OR o:Phone OR o:OnlineAccount
  WITH DISTINCT o
  MATCH (o)<-[:MENTIONS]-(i:Intelligence)
  RETURN i
  UNION
  UNWIND $location_ids AS location_id
  MATCH (:Location {location_id: location_id})<-[:MENTIONS]-(i:Intelligence)
  RETURN i
}
WITH DISTINCT i
WHERE i.reported_at >= $window_start AND i.reported_at <= $window_end
  AND ($agencies IS NULL OR i.agency IN $agencies)
  AND ($categories IS NULL OR i.category IN $categories)
RETURN i.intel_id AS intel_id, i.agency AS agency, i.reported_at AS reported_at,
       i.category AS category, i.source_evaluation AS source_evaluation,
       i.intelligence_assessment AS intelligence_assessment, i.grading AS grading,
       i.handling_code AS handling_code,
       CASE WHEN i.handling_code = 'C' THEN i.handling_conditions END AS handling_conditions,
       COLLECT { MATCH (i)-[:MENTIONS]->(q:Person) RETURN DISTINCT q.person_id } AS person_ids,
       COLLECT { MATCH (i)-[:MENTIONS]->(l:Location) RETURN DISTINCT l.location_id } AS location_ids,
       COLLECT { MATCH (i)-[:MENTIONS]->(v:Vehicle) RETURN DISTINCT v.vrm } AS vehicles,
       COLLECT { MATCH (i)-[:MENTIONS]->(ph:Phone) RETURN DISTINCT ph.e164 } AS phones,
       COLLECT { MATCH (i)-[:MENTIONS]->(o:OnlineAccount) RETURN DISTINCT o.account_key } AS accounts
