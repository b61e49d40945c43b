// Un-merge, step 3: relationships ending at the survivor go back to the restored person when
// this merge moved them (last trail entry ":in" or ":loop", which is then dropped) or when they
// were made after the merge through one of the records that moved (`via`).
MATCH (m:Merge {merge_id: $merge_id})
MATCH (s:Person {person_id: m.survivor})
MATCH (x:Person {person_id: m.absorbed})
MATCH (n)-[old]->(s)
WITH m, x, n, old, coalesce(old.merge_trail, []) AS trail
WHERE (size(trail) > 0 AND trail[-1] IN [m.merge_id + ':in', m.merge_id + ':loop'])
   OR (size(trail) = 0 AND old.via IN m.records)
WITH x, old, trail,
     CASE WHEN size(trail) > 0 AND trail[-1] ENDS WITH ':loop' THEN x ELSE n END AS start
CREATE (start)-[new:$(type(old))]->(x)
SET new = properties(old),
    new.merge_trail = CASE WHEN size(trail) > 1 THEN trail[..-1] ELSE null END
DELETE old
RETURN count(*) AS moved
