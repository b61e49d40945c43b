// How many reports match the inbox filters and chosen facets (the same candidates and conditions
// as casework_inbox_items).
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
RETURN count(i) AS total
