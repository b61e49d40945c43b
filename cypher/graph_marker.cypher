// A cheap marker of the records pages are computed from, compared before a kept result is
// reused: node and relationship counts (constant time, from the count store) without the audit
// trail, which grows with every view, the latest import, the redaction tasks closed (a
// redaction rewrites free text in place, changing no count) and the current places (a place
// un-merge moves location records back, changing no other count). Imports, the board's form,
// risk levels, merges and un-merges of people and places, erasures, redactions, disruption
// records and analysis runs all change one.
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
CALL () { MATCH (e:AuditEvent) RETURN count(e) AS audit_events }
CALL () { MATCH (p:Person) RETURN count(p) AS persons }
CALL () { MATCH (r:ImportRun) RETURN max(r.started_at) AS last_import }
CALL () { MATCH (t:RedactionTask) WHERE t.status <> 'open' RETURN count(t) AS redactions }
CALL () { MATCH (p:Place) RETURN count(p) AS places }
RETURN nodes - audit_events AS nodes, relationships, persons, last_import, redactions, places
