// Redaction tasks, open first, newest first.
MATCH (r:RedactionTask)
WHERE $status IS NULL OR r.status = $status
RETURN r {.*} AS task
ORDER BY CASE r.status WHEN 'open' THEN 0 ELSE 1 END, r.created_at DESC, r.task_id
LIMIT $limit
