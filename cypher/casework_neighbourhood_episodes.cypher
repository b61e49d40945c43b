// Missing episodes that can link a person to someone: the person's own (as the child or as
// missing with), and episodes whose child was found at one of the person's places.
MATCH (p:Person {person_id: $person_id})
CALL (p) {
  MATCH (p)<-[:OF|MISSING_WITH]-(e:MissingEpisode)
  RETURN e
  UNION
  UNWIND $location_ids AS location_id
  MATCH (:Location {location_id: location_id})<-[:FOUND_AT]-(e:MissingEpisode)
  RETURN e
}
WITH DISTINCT e
WHERE e.reported_missing_at <= $window_end
  AND coalesce(e.returned_at, $window_end) >= $window_start
RETURN e.episode_id AS episode_id, e.agency AS agency,
       e.reported_missing_at AS reported_missing_at, e.returned_at AS returned_at,
       e.missing_from AS missing_from, e.absence_type AS absence_type,
       e.police_risk_level AS police_risk_level,
       e.rhi_offered AS rhi_offered, e.rhi_offered_at AS rhi_offered_at,
       e.rhi_completed_at AS rhi_completed_at, e.rhi_declined AS rhi_declined,
       e.data_quality AS data_quality,
       COLLECT {
         MATCH (e)-[m:OF]->(c:Person)
         RETURN {person_id: c.person_id, display_name: c.display_name, via: m.via,
                 role: CASE WHEN c:YoungPerson THEN 'young_person'
                            WHEN c:Associate THEN 'associate' ELSE null END}
       } AS children,
       COLLECT {
         MATCH (e)-[:FOUND_AT]->(l:Location)
         RETURN {location_id: l.location_id, name: l.name, kind: l.kind}
       } AS found,
       COLLECT {
         MATCH (e)-[m:MISSING_WITH]->(w:Person)
         RETURN {person_id: w.person_id, display_name: w.display_name, via: m.via,
                 role: CASE WHEN w:YoungPerson THEN 'young_person'
                            WHEN w:Associate THEN 'associate' ELSE null END}
       } AS missing_with
