// Alerts keep their review state across runs: a re-detected alert is the same node (same id).
MATCH (run:AnalysisRun {run_id: $run_id})
UNWIND $alerts AS a
MERGE (al:Alert {alert_id: a.alert_id})
  ON CREATE SET al.status = 'open', al.first_run = $run_id, al.detected_at = a.detected_at
SET al.kind = a.kind, al.subject_ids = a.subject_ids, al.summary = a.summary,
    al.evidence_ids = a.evidence_ids, al.last_run = $run_id
MERGE (al)-[:RAISED_IN]->(run)
RETURN count(*) AS alerts
