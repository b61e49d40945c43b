// Upsert partner person records. Unchanged rows (same content hash) are skipped; a changed row
// updates the record and stamps changed_at. SSD extracts keep their own hash (`ssd_row_hash`)
// and fill only the fields they carry. `row.props` holds the fields, the hash and the import run.
// Returns the refs that were new or changed.
// Dates and date-times arrive as ISO text (`*_dates`, `*_datetimes`: store/wire.py).
UNWIND $rows AS row
MERGE (r:AgencyRecord {record_key: row.key})
  ON CREATE SET r.agency = row.agency,
                r.source_ref = row.source_ref,
                r.imported_at = $now
WITH r, row,
     CASE WHEN row.source_format = 'ssd' THEN r.ssd_row_hash ELSE r.row_hash END AS previous_hash,
     r.change_count AS change_count, r.changed_at AS changed_at
WHERE previous_hash IS NULL OR previous_hash <> row.hash
SET r += row.props,
    r.import_run = $run_id,
    r.pending = null,
    r.changed_at = CASE WHEN previous_hash IS NULL THEN changed_at ELSE $now END,
    r.change_count = coalesce(change_count, 0) + CASE WHEN previous_hash IS NULL THEN 0 ELSE 1 END
FOREACH (k IN keys(row.props_dates) | SET r[k] = date(row.props_dates[k]))
FOREACH (k IN keys(row.props_datetimes) | SET r[k] = datetime(row.props_datetimes[k]))
RETURN row.source_ref AS source_ref
