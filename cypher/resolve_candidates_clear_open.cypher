// Drop up to $limit open candidates before a new search writes its own (decisions stay).
MATCH (c:ResolveCandidate {status: 'open'})
WITH c LIMIT $limit
DETACH DELETE c
RETURN count(*) AS deleted
