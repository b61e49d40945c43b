// One node per imported file: what came in, from whom, and what happened to it.
MERGE (run:ImportRun {run_id: $run_id})
SET run += $props
WITH run
MERGE (a:Agency {name: $props.agency})
MERGE (run)-[:FROM_AGENCY]->(a)
RETURN run.run_id AS run_id
