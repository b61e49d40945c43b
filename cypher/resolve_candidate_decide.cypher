// Record a reviewer's decision on a candidate (rejected or merged), with the records compared.
// A decision on a pair never proposed (an undone automatic merge) creates the candidate node.
MERGE (c:ResolveCandidate {candidate_id: $candidate_id})
  ON CREATE SET c.found_at = $now, c.person_a = $person_a, c.person_b = $person_b,
                c.weight = $weight, c.automatic = false
SET c.status = $status,
    c.records_a = $records_a,
    c.records_b = $records_b,
    c.decided_by = $by,
    c.decided_at = $now,
    c.reason = $reason,
    c.merge_id = $merge_id
RETURN c {.*} AS candidate
