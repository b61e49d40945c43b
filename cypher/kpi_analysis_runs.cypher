// Analysis runs over time with how many clusters each found, newest first.
MATCH (run:AnalysisRun)
WITH run, coalesce(run.run_at, run.started_at) AS run_at
WHERE run_at IS NOT NULL
RETURN run_at,
       coalesce(run.cluster_count,
                COUNT { MATCH (c:Cluster) WHERE c.run_id = run.run_id RETURN c }) AS clusters
ORDER BY run_at DESC
LIMIT $limit
