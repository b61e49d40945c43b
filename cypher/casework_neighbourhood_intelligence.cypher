// Every report in the window that can link a person to someone: those naming the person, those
// naming a phone, vehicle or account the person's reports name, and those naming one of the
// person's places ($location_ids). With what each names, for the timeline and the link graph.
MATCH (p:Person {person_id: $person_id})
CALL (p) {
  MATCH (p)<-[:MENTIONS]-(i:Intelligence)
  RETURN i
  UNION
  MATCH (p)<-[:MENTIONS]-(:Intelligence)-[:MENTIONS]->(o)<-[:MENTIONS]-(i:Intelligence)
  WHERE o:Vehicle OR o:Phone OR o:OnlineAccount
  RETURN i
  UNION
  UNWIND $location_ids AS location_id
  MATCH (:Location {location_id: location_id})<-[:MENTIONS]-(i:Intelligence)
  RETURN i
}
WITH DISTINCT i
WHERE i.reported_at >= $window_start AND i.reported_at <= $window_end
RETURN i.intel_id AS intel_id, i.agency AS agency, i.source_ref AS source_ref,
       i.reported_at AS reported_at, i.category AS category, i.summary AS summary,
       i.source_evaluation AS source_evaluation,
       i.intelligence_assessment AS intelligence_assessment, i.grading AS grading,
       i.legacy_grading AS legacy_grading, i.handling_code AS handling_code,
       i.handling_conditions AS handling_conditions, i.data_quality AS data_quality,
       i.reviewed_at AS reviewed_at, i.reviewed_by AS reviewed_by,
       COLLECT {
         MATCH (i)-[m:MENTIONS]->(q:Person)
         RETURN {person_id: q.person_id, display_name: q.display_name, via: m.via,
                 role: CASE WHEN q:YoungPerson THEN 'young_person'
                            WHEN q:Associate THEN 'associate' ELSE null END}
       } AS people,
       COLLECT {
         MATCH (i)-[:MENTIONS]->(l:Location)
         RETURN {location_id: l.location_id, name: l.name, kind: l.kind}
       } AS places,
       COLLECT { MATCH (i)-[:MENTIONS]->(v:Vehicle) RETURN DISTINCT v.vrm } AS vehicles,
       COLLECT { MATCH (i)-[:MENTIONS]->(ph:Phone) RETURN DISTINCT ph.e164 } AS phones,
       COLLECT { MATCH (i)-[:MENTIONS]->(o:OnlineAccount) RETURN DISTINCT o.account_key } AS accounts
