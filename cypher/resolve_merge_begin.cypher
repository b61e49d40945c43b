// Merge, step 0: the Merge node, first, so that relationships the survivor already has can be
// parked on it (see step 2). It records all un-merge needs; step 4 completes it.
CREATE (m:Merge {merge_id: $merge_id, at: $now, by: $by, survivor: $survivor,
                 absorbed: $absorbed, records: $records, survivor_records: $survivor_records,
                 absorbed_labels: $labels, automatic: $automatic, candidate_id: $candidate_id,
                 weight: $weight, reason: $reason, status: 'merged'})
RETURN m.merge_id AS merge_id
