// Un-merge, step 5: the merge is kept as history, marked undone.
MATCH (m:Merge {merge_id: $merge_id})
SET m.status = 'unmerged', m.unmerged_at = $now, m.unmerged_by = $by,
    m.unmerge_reason = $reason
RETURN m {.*} AS merge
