// How many alerts of each kind and status (optionally only those raised in one run).
MATCH (al:Alert)
WHERE $run_id IS NULL OR EXISTS { (al)-[:RAISED_IN]->(:AnalysisRun {run_id: $run_id}) }
RETURN al.kind AS kind, al.status AS status, count(*) AS alerts
