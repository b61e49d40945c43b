// Record one analysis run: parameters, window, graph size, timings, code version, results JSON.
CREATE (run:AnalysisRun)
SET run = $props
RETURN run.run_id AS run_id
