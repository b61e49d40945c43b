// Merge places, one row per absorbed place (a batch of automatic merges, or one confirmed):
// a PlaceMerge node records the location records that move, they now belong to the survivor,
// and the absorbed node stays as a MergedPlace (no Place read sees it) so that un-merge can
// restore it. A row whose places are no longer both current places returns nothing.
UNWIND $rows AS row
MATCH (s:Place {place_id: row.survivor})
MATCH (x:Place {place_id: row.absorbed})
WHERE s <> x
WITH s, x, row, COLLECT { MATCH (l:Location)-[:AT_PLACE]->(x) RETURN l.location_id } AS records
CREATE (m:PlaceMerge {merge_id: row.merge_id, at: $now, by: $by, survivor: row.survivor,
                      absorbed: row.absorbed, records: records,
                      survivor_records: row.survivor_records, automatic: $automatic,
                      candidate_id: row.candidate_id, weight: row.score, reason: $reason,
                      status: 'merged', relationships: 0})
WITH s, x, m
CALL (s, x) {
  MATCH (l:Location)-[old:AT_PLACE]->(x)
  CREATE (l)-[:AT_PLACE]->(s)
  DELETE old
  RETURN count(*) AS moved
}
REMOVE x:Place
SET x:MergedPlace, x.merged_into = s.place_id, x.merge_id = m.merge_id
RETURN m {.*} AS merge
