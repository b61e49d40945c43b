// Free-text records that may still name an erased person, for a person to redact. A task names
// the record and the field, never the words found (they are the erased data).
UNWIND $tasks AS task
MERGE (r:RedactionTask {task_id: task.task_id})
  ON CREATE SET r += task, r.status = 'open', r.created_at = $now
RETURN count(r) AS tasks
