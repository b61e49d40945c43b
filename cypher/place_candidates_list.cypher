// Place candidates in one state, strongest first, a page at a time.
MATCH (c:PlaceCandidate {status: $status})
RETURN c {.*} AS candidate
ORDER BY c.score DESC, c.candidate_id
SKIP $skip LIMIT $limit
