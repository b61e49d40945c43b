// Record a reviewer's decision on a place candidate (rejected or merged), with the records
// compared. A decision on a pair never proposed (an undone automatic merge) creates the node.
MERGE (c:PlaceCandidate {candidate_id: $candidate_id})
  ON CREATE SET c.found_at = $now, c.place_a = $place_a, c.place_b = $place_b,
                c.score = $score, c.automatic = false
SET c.status = $status,
    c.records_a = $records_a,
    c.records_b = $records_b,
    c.decided_by = $by,
    c.decided_at = $now,
    c.reason = $reason,
    c.merge_id = $merge_id
RETURN c {.*} AS candidate
