// How many place candidates are in each state.
MATCH (c:PlaceCandidate)
RETURN c.status AS status, count(*) AS count
