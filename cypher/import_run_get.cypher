// One import run by id.
MATCH (run:ImportRun {run_id: $run_id})
RETURN run {.*} AS run
