// Candidates in one state, strongest first, a page at a time.
MATCH (c:ResolveCandidate {status: $status})
WHERE $person_id IS NULL OR c.person_a = $person_id OR c.person_b = $person_id
RETURN c {.*} AS candidate
ORDER BY c.weight DESC, c.candidate_id
SKIP $skip LIMIT $limit
