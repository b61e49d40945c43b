// Open candidates naming people whose records just changed (a merge or un-merge) are stale.
UNWIND $person_ids AS person_id
CALL (person_id) {
  MATCH (c:ResolveCandidate {person_a: person_id}) RETURN c
  UNION
  MATCH (c:ResolveCandidate {person_b: person_id}) RETURN c
}
WITH DISTINCT c
WHERE c.status = 'open'
WITH c, [c.person_a, c.person_b] AS pair, c.prior AS prior
DETACH DELETE c
RETURN pair, prior
