// Open place candidates naming places whose records just changed (a merge or un-merge) are stale.
UNWIND $place_ids AS place_id
CALL (place_id) {
  MATCH (c:PlaceCandidate {place_a: place_id}) RETURN c
  UNION
  MATCH (c:PlaceCandidate {place_b: place_id}) RETURN c
}
WITH DISTINCT c
WHERE c.status = 'open'
DETACH DELETE c
RETURN count(*) AS dropped
