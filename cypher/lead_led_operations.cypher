// The operations a user is the current lead practitioner of.
MATCH (a:LeadAssignment {kind: 'lead_practitioner', username: $username})
WHERE a.until IS NULL
RETURN DISTINCT a.operation_id AS operation_id
ORDER BY operation_id
