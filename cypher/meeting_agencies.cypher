// The agencies of an operation: those of its active members' accounts and of its action owners.
CALL () {
  MATCH (u:User)
  WHERE $operation_id IN coalesce(u.operations, []) AND u.agency IS NOT NULL
    AND NOT coalesce(u.disabled, false)
  RETURN u.agency AS agency
  UNION
  MATCH (a:Action)-[:FOR_OPERATION]->(:Operation {operation_id: $operation_id})
  RETURN a.owner_agency AS agency
}
RETURN DISTINCT agency
ORDER BY agency
