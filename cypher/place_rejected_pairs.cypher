// Location record pairs a reviewer said are different places (rejected candidates, undone merges).
MATCH (c:PlaceCandidate {status: 'rejected'})
RETURN c.records_a AS records_a, c.records_b AS records_b
