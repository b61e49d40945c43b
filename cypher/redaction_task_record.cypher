// One redaction task and the node of the record it names (by kind and key), with its fields.
MATCH (r:RedactionTask {task_id: $task_id})
OPTIONAL CALL (r) {
  MATCH (n:Intelligence {intel_id: r.record}) WHERE r.kind = 'intelligence' RETURN n
  UNION
  MATCH (n:Action {action_id: r.record}) WHERE r.kind = 'action' RETURN n
  UNION
  MATCH (n:Alert {alert_id: r.record}) WHERE r.kind = 'alert' RETURN n
  UNION
  MATCH (n:Meeting {meeting_id: r.record}) WHERE r.kind = 'meeting' RETURN n
  UNION
  MATCH (n:PlanUpdate {update_id: r.record}) WHERE r.kind = 'plan_update' RETURN n
}
RETURN r {.*} AS task, elementId(n) AS node, properties(n) AS props
