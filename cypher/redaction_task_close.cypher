// Close a redaction task (redacted, or nothing to redact), saying who and when.
MATCH (r:RedactionTask {task_id: $task_id})
SET r.status = $status, r.closed_by = $by, r.closed_at = $now, r.masked = $masked
RETURN r {.*} AS task
