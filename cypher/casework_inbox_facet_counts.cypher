// How many of the reports matching the inbox filters have each triage facet, counted from the
// facet's side (cohort members, the run's adults and hotspot locations, the new-link reports),
// so the cost follows the facets' reports, not the whole inbox.
CALL () {
  MATCH (:Operation)<-[:IN_COHORT]-(:YoungPerson)<-[:MENTIONS]-(i:Intelligence)
  RETURN 'cohort_child' AS facet, i
  UNION
  MATCH (p:Person)<-[:MENTIONS]-(i:Intelligence) WHERE p.person_id IN $adults
  RETURN 'adult_linked' AS facet, i
  UNION
  MATCH (l:Location)<-[:MENTIONS]-(i:Intelligence) WHERE l.location_id IN $hotspot_locations
  RETURN 'hotspot' AS facet, i
  UNION
  MATCH (i:Intelligence) WHERE i.intel_id IN $new_link_reports
  RETURN 'new_link' AS facet, i
}
WITH facet, i
WHERE ($include_reviewed OR i.reviewed_at IS NULL)
  AND ($agencies IS NULL OR i.agency IN $agencies)
  AND ($categories IS NULL OR i.category IN $categories)
  AND ($min_source IS NULL
       OR (i.source_evaluation IS NOT NULL AND i.source_evaluation <= $min_source
           AND i.intelligence_assessment IS NOT NULL
           AND i.intelligence_assessment <= $min_assessment))
RETURN facet, count(i) AS reports
