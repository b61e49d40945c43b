// One meeting snapshot of an operation, with its frozen JSON.
MATCH (m:Meeting {meeting_id: $meeting_id})-[:FOR_OPERATION]->(:Operation {operation_id: $operation_id})
RETURN m.meeting_id AS meeting_id, m.operation_id AS operation_id, m.held_at AS held_at,
       m.taken_by AS taken_by, m.snapshot_json AS snapshot_json
