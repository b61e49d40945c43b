// A strategic report carried the action plan: its changes are counted from here next time.
CREATE (r:PlanReport {report_id: $report_id, at: $now, by: $by})
RETURN r.report_id AS report_id
