// Upsert partner location records; unchanged rows are skipped. Returns refs new or changed.
// A location record that lands belongs to a place: its own (the id derived from its location
// id) until place resolution merges it with the same place recorded by other agencies.
// Dates and date-times arrive as ISO text (`*_dates`, `*_datetimes`: store/wire.py).
UNWIND $rows AS row
MERGE (l:Location {location_id: row.location_id})
  ON CREATE SET l.agency = row.agency, l.source_ref = row.source_ref, l.imported_at = $now
WITH l, row, l.row_hash AS previous_hash, l.changed_at AS changed_at
WHERE previous_hash IS NULL OR previous_hash <> row.hash
SET l += row.props,
    l.import_run = $run_id,
    l.pending = null,
    l.changed_at = CASE WHEN previous_hash IS NULL THEN changed_at ELSE $now END
FOREACH (k IN keys(row.props_dates) | SET l[k] = date(row.props_dates[k]))
FOREACH (k IN keys(row.props_datetimes) | SET l[k] = datetime(row.props_datetimes[k]))
WITH l, row
CALL (l, row) {
  WITH l, row
  WHERE NOT EXISTS { (l)-[:AT_PLACE]->() }
  MERGE (p:Place {place_id: row.place_id})
    ON CREATE SET p.created_at = $now
  MERGE (l)-[:AT_PLACE]->(p)
}
RETURN row.source_ref AS source_ref
