// One analysis run by id, with its result fields (roles and hotspots JSON).
MATCH (run:AnalysisRun {run_id: $run_id})
RETURN run {.*} AS run
