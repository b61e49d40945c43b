// The most recent analysis run.
MATCH (run:AnalysisRun)
RETURN run {.*} AS run
ORDER BY run.run_at DESC
LIMIT 1
