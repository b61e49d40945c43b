// Merge, step 3: every relationship starting at the absorbed person (IN_COHORT, MEMBER_OF…) is
// re-created from the survivor with the trail entry "<merge_id>:out", or parked on the Merge
// node (":out:parked") where the survivor already has one of that type to the same node.
MATCH (x:Person {person_id: $absorbed})-[old]->(n)
WHERE n <> x
MATCH (s:Person {person_id: $survivor})
MATCH (m:Merge {merge_id: $merge_id})
WITH s, m, old, n, EXISTS { MATCH (s)-[same]->(n) WHERE type(same) = type(old) } AS parked
CALL (s, n, old, parked) {
  WITH s, n, old
  WHERE NOT parked
  CREATE (s)-[new:$(type(old))]->(n)
  SET new = properties(old),
      new.merge_trail = coalesce(old.merge_trail, []) + [$merge_id + ':out']
}
CALL (m, n, old, parked) {
  WITH m, n, old
  WHERE parked
  CREATE (m)-[new:$(type(old))]->(n)
  SET new = properties(old),
      new.merge_trail = coalesce(old.merge_trail, []) + [$merge_id + ':out:parked']
}
DELETE old
RETURN count(*) AS moved
