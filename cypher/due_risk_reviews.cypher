// Young people whose current risk level (other than the lowest) was set on or before $cutoff:
// set by a practitioner's assessment (risk_level_set_at), else seeded from a partner's record
// (that record's last change). `$operations` null: every young person; else their cohorts.
MATCH (p:YoungPerson)
WHERE p.risk_level IS NOT NULL AND p.risk_level <> $lowest
  AND ($operations IS NULL
       OR EXISTS { (p)-[:IN_COHORT]->(o:Operation) WHERE o.operation_id IN $operations })
OPTIONAL MATCH (source:AgencyRecord {record_key: p.risk_level_source})
WITH p, coalesce(p.risk_level_set_at, source.changed_at, source.imported_at) AS set_at
WHERE set_at IS NOT NULL AND set_at <= $cutoff
RETURN p.person_id AS person_id, p.display_name AS display_name, p.risk_level AS level,
       set_at, p.risk_level_set_at IS NOT NULL AS assessed,
       COLLECT { MATCH (p)-[:IN_COHORT]->(o:Operation) RETURN o.operation_id } AS operations
ORDER BY set_at, person_id
