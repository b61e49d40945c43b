// Drop up to $limit open place candidates before a new search writes its own (decisions stay).
MATCH (c:PlaceCandidate {status: 'open'})
WITH c LIMIT $limit
DETACH DELETE c
RETURN count(*) AS deleted
