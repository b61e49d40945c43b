// One candidate by id.
MATCH (c:ResolveCandidate {candidate_id: $candidate_id})
RETURN c {.*} AS candidate
