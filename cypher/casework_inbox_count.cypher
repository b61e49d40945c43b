// How many reports match the inbox filters (same conditions as casework_inbox_items), and how
// many of them have each triage facet.
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
RETURN count(i) AS total,
       count(CASE WHEN cohort_child THEN 1 END) AS cohort_child,
       count(CASE WHEN adult_linked THEN 1 END) AS adult_linked,
       count(CASE WHEN hotspot THEN 1 END) AS hotspot,
       count(CASE WHEN new_link THEN 1 END) AS new_link
