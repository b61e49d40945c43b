// Erase what merges kept of a person: the absorbed person nodes (names, date of birth, aliases)
// and the merge records, with the relationships a merge had parked on them.
CALL () {
  MATCH (x:MergedPerson) WHERE x.person_id IN $person_ids
  DETACH DELETE x
  RETURN count(*) AS absorbed
}
CALL () {
  MATCH (m:Merge) WHERE m.merge_id IN $merge_ids
  DETACH DELETE m
  RETURN count(*) AS merges
}
RETURN absorbed, merges
