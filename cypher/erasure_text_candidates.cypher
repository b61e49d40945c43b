// Free text that may still name an erased person: report summaries, action texts, alert
// summaries and notes, meeting snapshots, the action plan's progress notes and board decisions
// (about the partnership's work, but typed by people who may name a child). `terms` are searched everywhere, `weak_terms` (a first
// name alone) only in records about the person. The service checks each candidate again.
CALL () {
  MATCH (i:Intelligence)
  WHERE any(t IN $terms WHERE toLower(coalesce(i.summary, '')) CONTAINS t)
     OR (EXISTS { (i)-[:MENTIONS]->(:Person {person_id: $person_id}) }
         AND any(t IN $weak_terms WHERE toLower(coalesce(i.summary, '')) CONTAINS t))
  RETURN 'intelligence' AS kind, i.intel_id AS record, 'summary' AS property,
         i.summary AS text, EXISTS { (i)-[:MENTIONS]->(:Person {person_id: $person_id}) } AS about
  UNION ALL
  MATCH (a:Action)
  WHERE any(t IN $terms WHERE toLower(coalesce(a.text, '')) CONTAINS t)
     OR (EXISTS { (a)-[:ABOUT]->(:Person {person_id: $person_id}) }
         AND any(t IN $weak_terms WHERE toLower(coalesce(a.text, '')) CONTAINS t))
  RETURN 'action' AS kind, a.action_id AS record, 'text' AS property, a.text AS text,
         EXISTS { (a)-[:ABOUT]->(:Person {person_id: $person_id}) } AS about
  UNION ALL
  MATCH (al:Alert)
  UNWIND [['summary', al.summary], ['note', al.note]] AS field
  WITH al, field WHERE field[1] IS NOT NULL
  WITH al, field, $person_id IN coalesce(al.subject_ids, []) AS about
  WHERE any(t IN $terms WHERE toLower(field[1]) CONTAINS t)
     OR (about AND any(t IN $weak_terms WHERE toLower(field[1]) CONTAINS t))
  RETURN 'alert' AS kind, al.alert_id AS record, field[0] AS property, field[1] AS text,
         about
  UNION ALL
  MATCH (m:Meeting)
  WITH m, coalesce(m.snapshot_json, '') CONTAINS $person_id AS about
  WHERE any(t IN $terms WHERE toLower(coalesce(m.snapshot_json, '')) CONTAINS t)
     OR (about AND any(t IN $weak_terms WHERE toLower(m.snapshot_json) CONTAINS t))
  RETURN 'meeting' AS kind, m.meeting_id AS record, 'snapshot_json' AS property,
         m.snapshot_json AS text, about
  UNION ALL
  MATCH (u:PlanUpdate)
  WHERE any(t IN $terms WHERE toLower(coalesce(u.note, '')) CONTAINS t)
  RETURN 'plan_update' AS kind, u.update_id AS record, 'note' AS property, u.note AS text,
         false AS about
}
RETURN kind, record, property, text, about
