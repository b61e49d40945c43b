// Merges, latest first, optionally by state or person.
MATCH (m:Merge)
WHERE ($status IS NULL OR m.status = $status)
  AND ($person_id IS NULL OR m.survivor = $person_id OR m.absorbed = $person_id)
RETURN m {.*} AS merge
ORDER BY m.at DESC, m.merge_id
SKIP $skip LIMIT $limit
