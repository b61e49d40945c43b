// An operation's meeting snapshots, newest first, optionally only those before a time.
MATCH (m:Meeting)-[:FOR_OPERATION]->(:Operation {operation_id: $operation_id})
WHERE $before IS NULL OR m.held_at < $before
RETURN m.meeting_id AS meeting_id, m.operation_id AS operation_id, m.held_at AS held_at,
       m.taken_by AS taken_by
ORDER BY held_at DESC, meeting_id DESC
LIMIT $limit
