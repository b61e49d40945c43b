// How many reports match the inbox filters (same conditions as casework_inbox_items).
MATCH (i:Intelligence)
WHERE ($include_reviewed OR i.reviewed_at IS NULL)
  AND ($agencies IS NULL OR i.agency IN $agencies)
  AND ($categories IS NULL OR i.category IN $categories)
  AND ($min_source IS NULL
       OR (i.source_evaluation IS NOT NULL AND i.source_evaluation <= $min_source
           AND i.intelligence_assessment IS NOT NULL
           AND i.intelligence_assessment <= $min_assessment))
RETURN count(i) AS total
