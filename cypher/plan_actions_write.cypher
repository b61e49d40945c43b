// Create or update actions of the plan (under their objective), each with its new history
// entries; history is only ever added to.
UNWIND $rows AS row
MERGE (o:PlanObjective {objective_id: row.objective_id})
  ON CREATE SET o.created_at = $now
SET o.title = row.objective
MERGE (a:PlanAction {action_id: row.action_id})
  ON CREATE SET a.created_at = $now, a.created_by = $by
SET a.text = row.text,
    a.owner_agency = row.owner_agency,
    a.owner_role = row.owner_role,
    a.due_date = row.due_date,
    a.status = row.status,
    a.figures = row.figures,
    a.import_note = coalesce(row.import_note, a.import_note),
    a.updated_at = $now,
    a.updated_by = $by
MERGE (a)-[:UNDER]->(o)
FOREACH (u IN row.updates |
  CREATE (x:PlanUpdate {update_id: u.update_id})
  SET x.at = $now, x.by = $by, x.kind = u.kind, x.status = u.status,
      x.previous_status = u.previous_status, x.note = u.note, x.changed = u.changed,
      x.source = u.source
  CREATE (x)-[:ON]->(a))
RETURN count(a) AS written
