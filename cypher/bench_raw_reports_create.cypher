// Bare-write baseline: a report node with its properties, its agency link and its links to the
// people it names; no validation, no MERGE, no provenance, no places or objects.
UNWIND $rows AS r
CREATE (i:Intelligence)
SET i = r.props
WITH i, r
MATCH (a:Agency {name: r.agency})
CREATE (i)-[:SUBMITTED_BY]->(a)
WITH i, r
UNWIND r.people AS pid
MATCH (p:Person {person_id: pid})
CREATE (i)-[:MENTIONS]->(p)
