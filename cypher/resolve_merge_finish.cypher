// Merge, step 4: the absorbed person keeps its node and properties but stops being a Person
// (so every read sees one person); the Merge node gets the count of relationships moved.
MATCH (x:Person {person_id: $absorbed})
MATCH (m:Merge {merge_id: $merge_id})
REMOVE x:$($labels)
SET x:MergedPerson, x.merged_into = $survivor, x.merge_id = $merge_id,
    m.relationships = $relationships
RETURN m {.*} AS merge
