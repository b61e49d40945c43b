// One merge by id.
MATCH (m:Merge {merge_id: $merge_id})
RETURN m {.*} AS merge
