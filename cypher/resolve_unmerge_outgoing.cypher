// Un-merge, step 4: relationships starting at the survivor that this merge moved (":out"), or
// made since through a moved record, start at the restored person again.
MATCH (m:Merge {merge_id: $merge_id})
MATCH (s:Person {person_id: m.survivor})
MATCH (x:Person {person_id: m.absorbed})
MATCH (s)-[old]->(n)
WITH m, x, n, old, coalesce(old.merge_trail, []) AS trail
WHERE (size(trail) > 0 AND trail[-1] = m.merge_id + ':out')
   OR (size(trail) = 0 AND old.via IN m.records)
CREATE (x)-[new:$(type(old))]->(n)
SET new = properties(old),
    new.merge_trail = CASE WHEN size(trail) > 1 THEN trail[..-1] ELSE null END
DELETE old
RETURN count(*) AS moved
