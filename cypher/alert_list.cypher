// Alerts for review, newest first, filtered by kind, status and (optionally) the run raising them.
MATCH (al:Alert)
WHERE ($kinds IS NULL OR al.kind IN $kinds)
  AND ($statuses IS NULL OR al.status IN $statuses)
  AND ($run_id IS NULL OR EXISTS { (al)-[:RAISED_IN]->(:AnalysisRun {run_id: $run_id}) })
RETURN al {.*} AS alert
ORDER BY al.detected_at DESC, al.kind, al.alert_id
SKIP $skip
LIMIT $limit
