// One page of the intelligence inbox: reports not yet reviewed (unless asked), filtered by agency,
// category and minimum grading (source <= $min_source and assessment <= $min_assessment; a
// legacy grade without a 3x5x2 equivalent meets no minimum) and by triage facets, newest first,
// with what they name and the facets each has. With facets chosen, the reports of the first
// ($first, the smallest) are the candidates and the others ($rest) are checked on them, so the
// cost follows the smallest facet, not the whole inbox; without, every report is a candidate.
CALL () {
  WITH $first AS first WHERE first IS NULL
  MATCH (i:Intelligence)
  RETURN i
  UNION ALL
  WITH $first AS first WHERE first = 'cohort_child'
  MATCH (:Operation)<-[:IN_COHORT]-(:YoungPerson)<-[:MENTIONS]-(i:Intelligence)
  RETURN DISTINCT i
  UNION ALL
  WITH $first AS first WHERE first = 'adult_linked'
  MATCH (p:Person)<-[:MENTIONS]-(i:Intelligence) WHERE p.person_id IN $adults
  RETURN DISTINCT i
  UNION ALL
  WITH $first AS first WHERE first = 'hotspot'
  MATCH (l:Location)<-[:MENTIONS]-(i:Intelligence) WHERE l.location_id IN $hotspot_locations
  RETURN DISTINCT i
  UNION ALL
  WITH $first AS first WHERE first = 'new_link'
  MATCH (i:Intelligence) WHERE i.intel_id IN $new_link_reports
  RETURN i
}
WITH i
WHERE ($include_reviewed OR i.reviewed_at IS NULL)
  AND ($agencies IS NULL OR i.agency IN $agencies)
  AND ($categories IS NULL OR i.category IN $categories)
  AND ($min_source IS NULL
       OR (i.source_evaluation IS NOT NULL AND i.source_evaluation <= $min_source
           AND i.intelligence_assessment IS NOT NULL
           AND i.intelligence_assessment <= $min_assessment))
  AND all(f IN $rest WHERE
          (f = 'cohort_child'
           AND EXISTS { (i)-[:MENTIONS]->(:YoungPerson)-[:IN_COHORT]->(:Operation) })
          OR (f = 'adult_linked'
              AND EXISTS { (i)-[:MENTIONS]->(p:Person) WHERE p.person_id IN $adults })
          OR (f = 'hotspot'
              AND EXISTS { (i)-[:MENTIONS]->(l:Location) WHERE l.location_id IN $hotspot_locations })
          OR (f = 'new_link' AND i.intel_id IN $new_link_reports))
WITH i
ORDER BY i.reported_at DESC, i.intel_id
SKIP $skip
LIMIT $limit
WITH i,
     [f IN [['cohort_child',
             EXISTS { (i)-[:MENTIONS]->(:YoungPerson)-[:IN_COHORT]->(:Operation) }],
            ['adult_linked',
             EXISTS { (i)-[:MENTIONS]->(p:Person) WHERE p.person_id IN $adults }],
            ['hotspot',
             EXISTS { (i)-[:MENTIONS]->(l:Location) WHERE l.location_id IN $hotspot_locations }],
            ['new_link', i.intel_id IN $new_link_reports]]
      WHERE f[1] | f[0]] AS facets
RETURN i.intel_id AS intel_id, i.agency AS agency, i.source_ref AS source_ref,
       i.reported_at AS reported_at, i.category AS category, i.summary AS summary,
       i.source_evaluation AS source_evaluation,
       i.intelligence_assessment AS intelligence_assessment, i.grading AS grading,
       i.legacy_grading AS legacy_grading, i.handling_code AS handling_code,
       i.handling_conditions AS handling_conditions,
       i.reviewed_at AS reviewed_at, i.reviewed_by AS reviewed_by, facets,
       COLLECT {
         MATCH (i)-[m:MENTIONS]->(p:Person)
         RETURN {person_id: p.person_id, display_name: p.display_name, via: m.via,
                 role: CASE WHEN p:YoungPerson THEN 'young_person'
                            WHEN p:Associate THEN 'associate' ELSE null END}
       } AS people,
       COLLECT {
         MATCH (i)-[:MENTIONS]->(l:Location)
         RETURN {location_id: l.location_id, name: l.name, kind: l.kind, place_key: l.place_key}
       } AS places,
       COLLECT { MATCH (i)-[:MENTIONS]->(v:Vehicle) RETURN DISTINCT v.vrm } AS vehicles,
       COLLECT { MATCH (i)-[:MENTIONS]->(ph:Phone) RETURN DISTINCT ph.e164 } AS phones,
       COLLECT { MATCH (i)-[:MENTIONS]->(o:OnlineAccount) RETURN DISTINCT o.account_key } AS accounts
