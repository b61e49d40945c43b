// Intelligence reported in [$lower, $upper), optionally filtered by agency and category, with what
// it mentions, as one record of rows (times in epoch milliseconds, decoded far faster than
// temporal values): [intel_id, agency, reported_ms, category, source_evaluation,
// intelligence_assessment, grading, handling_code, handling_conditions (C only), person_ids,
// location_ids, vehicles, phones, accounts].
MATCH (i:Intelligence)
WHERE i.reported_at >= $lower AND i.reported_at < $upper
  AND ($agencies IS NULL OR i.agency IN $agencies)
  AND ($categories IS NULL OR i.category IN $categories)
RETURN collect([i.intel_id, i.agency, i.reported_at.epochMillis, i.category, i.source_evaluation,
       i.intelligence_assessment, i.grading, i.handling_code,
       CASE WHEN i.handling_code = 'C' THEN i.handling_conditions END,
       [(i)-[:MENTIONS]->(p:Person) | p.person_id],
       [(i)-[:MENTIONS]->(l:Location) | l.location_id],
       [(i)-[:MENTIONS]->(v:Vehicle) | v.vrm],
       [(i)-[:MENTIONS]->(ph:Phone) | ph.e164],
       [(i)-[:MENTIONS]->(o:OnlineAccount) | o.account_key]]) AS rows
