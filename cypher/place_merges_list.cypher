// Place merges, latest first, optionally by state.
MATCH (m:PlaceMerge)
WHERE $status IS NULL OR m.status = $status
RETURN m {.*} AS merge
ORDER BY m.at DESC, m.merge_id
SKIP $skip LIMIT $limit
