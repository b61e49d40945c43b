// Merge, step 2: every other relationship ending at the absorbed person (MENTIONS, OF,
// MISSING_WITH, ASSESSES… whatever its type) is re-created to the survivor with the same
// properties plus a trail entry "<merge_id>:in" (":loop" for a self-loop), so that un-merge can
// put it back exactly. Where the survivor already has a relationship of that type from the same
// node, the moved one is parked on the Merge node instead (":parked"), so that nothing counts
// twice and nothing is lost. Agency records were moved in step 1.
MATCH (x:Person {person_id: $absorbed})
MATCH (s:Person {person_id: $survivor})
MATCH (m:Merge {merge_id: $merge_id})
MATCH (n)-[old]->(x)
WITH s, m, old, CASE WHEN n = x THEN 'loop' ELSE 'in' END AS side,
     CASE WHEN n = x THEN s ELSE n END AS start
WITH s, m, old, side, start,
     EXISTS { MATCH (start)-[same]->(s) WHERE type(same) = type(old) } AS parked
CALL (start, s, old, side, parked) {
  WITH start, s, old, side
  WHERE NOT parked
  CREATE (start)-[new:$(type(old))]->(s)
  SET new = properties(old),
      new.merge_trail = coalesce(old.merge_trail, []) + [$merge_id + ':' + side]
}
CALL (start, m, old, side, parked) {
  WITH CASE WHEN side = 'loop' THEN m ELSE start END AS from, m, old, side
  WHERE parked
  CREATE (from)-[new:$(type(old))]->(m)
  SET new = properties(old),
      new.merge_trail = coalesce(old.merge_trail, []) + [$merge_id + ':' + side + ':parked']
}
DELETE old
RETURN count(*) AS moved
