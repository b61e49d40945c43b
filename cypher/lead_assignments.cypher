// Lead assignments of operations (current ones only, or with their history), newest first, with
// the display name of a lead practitioner's account.
MATCH (a:LeadAssignment)
WHERE ($operations IS NULL OR a.operation_id IN $operations)
  AND ($history OR a.until IS NULL)
OPTIONAL MATCH (u:User {username: a.username})
RETURN a {.*} AS assignment, u.display_name AS display_name
ORDER BY a.operation_id, a.since DESC, a.assignment_id
