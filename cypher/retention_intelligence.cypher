// Intelligence reported before the cutoff, or whose own review date has come: retention
// candidates with the people they mention (ids only; the service applies the exact rules).
MATCH (i:Intelligence)
WHERE i.reported_at < $cutoff OR (i.review_date IS NOT NULL AND date(i.review_date) <= $today)
RETURN i.intel_id AS record_id, i.agency AS agency, i.reported_at AS reported_at,
       CASE WHEN i.review_date IS NULL THEN null ELSE date(i.review_date) END AS review_date,
       [(i)-[:MENTIONS]->(p:Person) | p.person_id] AS person_ids
ORDER BY reported_at, record_id
