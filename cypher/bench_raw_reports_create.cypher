// Bare-write baseline: a report node with its properties, its agency link and its links to the
// people it names; no validation, no MERGE, no provenance, no places or objects. Dates and
// date-times arrive as ISO text, as the importer sends them (store/wire.py).
UNWIND $rows AS r
CREATE (i:Intelligence)
SET i = r.props
FOREACH (k IN keys(r.props_dates) | SET i[k] = date(r.props_dates[k]))
FOREACH (k IN keys(r.props_datetimes) | SET i[k] = datetime(r.props_datetimes[k]))
WITH i, r
MATCH (a:Agency {name: r.agency})
CREATE (i)-[:SUBMITTED_BY]->(a)
WITH i, r
UNWIND r.people AS pid
MATCH (p:Person {person_id: pid})
CREATE (i)-[:MENTIONS]->(p)
