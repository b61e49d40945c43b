// Bare-write baseline: a report node with its properties, its agency link and its links to
// everything it mentions (people, locations, vehicles, phones, online accounts), all created
// before; no validation, no MERGE, no provenance. Dates and date-times arrive as ISO text, as
// the importer sends them (store/wire.py).
UNWIND $rows AS r
CREATE (i:Intelligence)
SET i = r.props
FOREACH (k IN keys(r.props_dates) | SET i[k] = date(r.props_dates[k]))
FOREACH (k IN keys(r.props_datetimes) | SET i[k] = datetime(r.props_datetimes[k]))
WITH i, r
MATCH (a:Agency {name: r.agency})
CREATE (i)-[:SUBMITTED_BY]->(a)
WITH i, r
CALL (i, r) {
  UNWIND r.people AS pid
  MATCH (p:Person {person_id: pid})
  CREATE (i)-[:MENTIONS]->(p)
}
CALL (i, r) {
  UNWIND r.locations AS location_id
  MATCH (l:Location {location_id: location_id})
  CREATE (i)-[:MENTIONS]->(l)
}
CALL (i, r) {
  UNWIND r.vehicles AS vrm
  MATCH (v:Vehicle {vrm: vrm})
  CREATE (i)-[:MENTIONS]->(v)
}
CALL (i, r) {
  UNWIND r.phones AS e164
  MATCH (ph:Phone {e164: e164})
  CREATE (i)-[:MENTIONS]->(ph)
}
CALL (i, r) {
  UNWIND r.accounts AS account_key
  MATCH (o:OnlineAccount {account_key: account_key})
  CREATE (i)-[:MENTIONS]->(o)
}
