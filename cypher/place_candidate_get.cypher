// One place candidate by id.
MATCH (c:PlaceCandidate {candidate_id: $candidate_id})
RETURN c {.*} AS candidate
