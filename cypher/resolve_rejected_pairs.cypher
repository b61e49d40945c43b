// Record pairs a reviewer said are different people (rejected candidates and undone merges).
MATCH (c:ResolveCandidate {status: 'rejected'})
RETURN c.records_a AS records_a, c.records_b AS records_b
