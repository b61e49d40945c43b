// Un-merge, step 5: relationships this merge parked on its Merge node (the survivor had one
// like it already) go back to the restored person, without their trail entry.
MATCH (m:Merge {merge_id: $merge_id})
MATCH (x:Person {person_id: m.absorbed})
CALL (m) {
  MATCH (:!Merge)-[old]->(m) RETURN old
  UNION
  MATCH (m)-[old]->() RETURN old
}
WITH x, old, old.merge_trail AS trail
WHERE trail IS NOT NULL AND trail[-1] STARTS WITH $merge_id + ':'
WITH x, old, trail,
     CASE WHEN trail[-1] ENDS WITH ':in:parked' THEN startNode(old) ELSE x END AS from,
     CASE WHEN trail[-1] ENDS WITH ':out:parked' THEN endNode(old) ELSE x END AS to
CREATE (from)-[new:$(type(old))]->(to)
SET new = properties(old),
    new.merge_trail = CASE WHEN size(trail) > 1 THEN trail[..-1] ELSE null END
DELETE old
RETURN count(*) AS moved
