// Un-merge, step 1: the absorbed person is a person again, with the labels it had.
MATCH (m:Merge {merge_id: $merge_id})
MATCH (x:MergedPerson {person_id: m.absorbed})
REMOVE x:MergedPerson, x.merged_into, x.merge_id
SET x:$(m.absorbed_labels)
RETURN x.person_id AS person_id
