// A cheap marker of the records pages are computed from, compared before a kept result is
// reused: node and relationship counts (constant time, from the count store) without the audit
// trail, which grows with every view, and the latest import. Imports, the board's form, risk
// levels, merges, un-merges, erasures, disruption records and analysis runs all change one.
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
CALL () { MATCH (e:AuditEvent) RETURN count(e) AS audit_events }
CALL () { MATCH (p:Person) RETURN count(p) AS persons }
CALL () { MATCH (r:ImportRun) RETURN max(r.started_at) AS last_import }
RETURN nodes - audit_events AS nodes, relationships, persons, last_import
