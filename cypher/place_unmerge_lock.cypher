// Lock a place merge and its two places for un-merging; say whether it can be undone now.
MATCH (m:PlaceMerge {merge_id: $merge_id})
OPTIONAL MATCH (s:Place {place_id: m.survivor})
OPTIONAL MATCH (x:MergedPlace {place_id: m.absorbed})
SET m.resolve_lock = true
REMOVE m.resolve_lock
FOREACH (n IN [v IN [s, x] WHERE v IS NOT NULL] | SET n.resolve_lock = true REMOVE n.resolve_lock)
RETURN m {.*} AS merge,
       s IS NOT NULL AS survivor_active,
       COLLECT { MATCH (later:MergedPlace {place_id: m.survivor}) RETURN later.merge_id }
         AS survivor_absorbed_by,
       x IS NOT NULL AND x.merge_id = m.merge_id AS absorbed_held
