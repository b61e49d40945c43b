// Merge records naming any of these people (as survivor or absorbed, merged or un-merged).
MATCH (m:Merge)
WHERE m.survivor IN $person_ids OR m.absorbed IN $person_ids
RETURN m.merge_id AS merge_id
