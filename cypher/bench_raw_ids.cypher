// Every report id and person id, to split the bare-write baseline into slices and batches.
MATCH (i:Intelligence)
WITH collect(i.intel_id) AS intel_ids
MATCH (p:Person)
RETURN intel_ids, collect(p.person_id) AS person_ids
