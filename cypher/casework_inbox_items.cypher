// One page of the intelligence inbox: reports not yet reviewed (unless asked), filtered by agency,
// category and minimum grading (source <= $min_source and assessment <= $min_assessment; a
// legacy grade without a 3x5x2 equivalent meets no minimum) and triage facets (every facet in
// $facets must hold; null: no facet filter), newest first, with what they name and their facets.
MATCH (i:Intelligence)
WHERE ($include_reviewed OR i.reviewed_at IS NULL)
  AND ($agencies IS NULL OR i.agency IN $agencies)
  AND ($categories IS NULL OR i.category IN $categories)
  AND ($min_source IS NULL
       OR (i.source_evaluation IS NOT NULL AND i.source_evaluation <= $min_source
           AND i.intelligence_assessment IS NOT NULL
           AND i.intelligence_assessment <= $min_assessment))
WITH i,
     EXISTS { (i)-[:MENTIONS]->(:YoungPerson)-[:IN_COHORT]->(:Operation) } AS cohort_child,
     EXISTS { (i)-[:MENTIONS]->(p:Person) WHERE p.person_id IN $adults } AS adult_linked,
     EXISTS { (i)-[:MENTIONS]->(l:Location) WHERE l.location_id IN $hotspot_locations } AS hotspot,
     i.intel_id IN $new_link_reports AS new_link
WHERE ($facets IS NULL
       OR all(f IN $facets WHERE
              (f = 'cohort_child' AND cohort_child) OR (f = 'adult_linked' AND adult_linked)
              OR (f = 'hotspot' AND hotspot) OR (f = 'new_link' AND new_link)))
WITH i, [f IN [['cohort_child', cohort_child], ['adult_linked', adult_linked],
             ['hotspot', hotspot], ['new_link', new_link]] WHERE f[1] | f[0]] AS facets
ORDER BY i.reported_at DESC, i.intel_id
SKIP $skip
LIMIT $limit
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
