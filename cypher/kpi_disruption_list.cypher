// The latest disruption records, newest first (no person is named in them).
MATCH (d:DisruptionRecord)
RETURN d.record_id AS record_id, d.kind AS kind, d.recorded_at AS recorded_at,
       d.recorded_by AS recorded_by, d.operation_id AS operation_id
ORDER BY d.recorded_at DESC, d.record_id
LIMIT $limit
