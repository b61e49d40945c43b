// People absorbed by merges into any of these people (one step of a merge chain; the service
// follows the chain), with every property the absorbed node kept (names, date of birth…).
MATCH (x:MergedPerson)
WHERE x.merged_into IN $person_ids
RETURN x {.*} AS person
