// Copy record fields onto the person each record refers to and set the role label.
// A partner's risk level is kept on its record; the person's level is only seeded from it.
// Dates and date-times arrive as ISO text (`*_dates`, `*_datetimes`: store/wire.py).
UNWIND $rows AS row
MATCH (r:AgencyRecord {record_key: row.key})-[:REFERS_TO]->(p:Person)
SET p += row.person_props,
    p.risk_level = coalesce(p.risk_level, row.props.risk_level),
    p.risk_level_source = CASE WHEN p.risk_level_source IS NULL AND row.props.risk_level IS NOT NULL
                               THEN row.key ELSE p.risk_level_source END
FOREACH (k IN keys(row.person_props_dates) | SET p[k] = date(row.person_props_dates[k]))
FOREACH (k IN keys(row.person_props_datetimes) | SET p[k] = datetime(row.person_props_datetimes[k]))
REMOVE p.pending
FOREACH (_ IN CASE WHEN row.props.role = 'young_person' THEN [1] ELSE [] END |
  SET p:YoungPerson REMOVE p:Associate)
FOREACH (_ IN CASE WHEN row.props.role = 'associate' THEN [1] ELSE [] END |
  SET p:Associate REMOVE p:YoungPerson)
RETURN count(*) AS filled
