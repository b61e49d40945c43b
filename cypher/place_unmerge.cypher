// Undo a place merge: the absorbed place is a place again, the location records that moved go
// back to it, and the merge is kept as history, marked undone.
MATCH (m:PlaceMerge {merge_id: $merge_id})
MATCH (s:Place {place_id: m.survivor})
MATCH (x:MergedPlace {place_id: m.absorbed})
REMOVE x:MergedPlace, x.merged_into, x.merge_id
SET x:Place
WITH m, s, x
CALL (m, s, x) {
  MATCH (l:Location)-[old:AT_PLACE]->(s)
  WHERE l.location_id IN m.records
  CREATE (l)-[:AT_PLACE]->(x)
  DELETE old
  RETURN count(*) AS moved
}
SET m.status = 'unmerged', m.unmerged_at = $now, m.unmerged_by = $by, m.unmerge_reason = $reason
RETURN m {.*} AS merge
