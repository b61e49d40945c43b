// How many candidates are in each state.
MATCH (c:ResolveCandidate)
RETURN c.status AS status, count(*) AS count
