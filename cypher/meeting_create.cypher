// Record a meeting snapshot: the as-at record of the operation, frozen as JSON.
MATCH (o:Operation {operation_id: $operation_id})
CREATE (m:Meeting {meeting_id: $meeting_id, operation_id: $operation_id, held_at: $held_at,
                   taken_by: $taken_by, snapshot_json: $snapshot_json})
CREATE (m)-[:FOR_OPERATION]->(o)
RETURN m.meeting_id AS meeting_id
