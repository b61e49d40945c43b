// Stored results that name a person: clusters (lists or MEMBER_OF), runs (JSON fields), alerts
// and meeting snapshots, so an erasure can take the person out and keep them consistent.
CALL () {
  MATCH (c:Cluster)
  WHERE $person_id IN coalesce(c.members, []) OR EXISTS { (:Person {person_id: $person_id})-[:MEMBER_OF]->(c) }
     OR coalesce(c.summary_json, '') CONTAINS $person_id
  RETURN 'cluster' AS kind, elementId(c) AS node, properties(c) AS props
  UNION ALL
  MATCH (run:AnalysisRun)
  WHERE any(k IN keys(run) WHERE k ENDS WITH '_json' AND run[k] CONTAINS $person_id)
  RETURN 'run' AS kind, elementId(run) AS node, properties(run) AS props
  UNION ALL
  MATCH (a:Alert)
  WHERE $person_id IN coalesce(a.subject_ids, []) OR coalesce(a.summary, '') CONTAINS $person_id
  RETURN 'alert' AS kind, elementId(a) AS node, properties(a) AS props
  UNION ALL
  MATCH (m:Meeting)
  WHERE any(k IN keys(m) WHERE k ENDS WITH '_json' AND m[k] CONTAINS $person_id)
  RETURN 'meeting' AS kind, elementId(m) AS node, properties(m) AS props
}
RETURN kind, node, props
