// One place merge by id.
MATCH (m:PlaceMerge {merge_id: $merge_id})
RETURN m {.*} AS merge
