// Upsert partner person records. Unchanged rows (same content hash) are skipped; a changed row
// updates the record and stamps changed_at. SSD extracts keep their own hash and fill only the
// fields they carry. Returns the refs that were new or changed.
UNWIND $rows AS row
MERGE (r:AgencyRecord {record_key: row.key})
  ON CREATE SET r.agency = row.agency,
                r.source_ref = row.source_ref,
                r.imported_at = $now
WITH r, row,
     CASE WHEN row.source_format = 'ssd' THEN r.ssd_row_hash ELSE r.row_hash END AS previous_hash
WHERE previous_hash IS NULL OR previous_hash <> row.row_hash
SET r.changed_at = CASE WHEN previous_hash IS NULL THEN r.changed_at ELSE $now END,
    r.change_count = CASE WHEN previous_hash IS NULL THEN coalesce(r.change_count, 0)
                          ELSE coalesce(r.change_count, 0) + 1 END
SET r += row.props,
    r += row.extra,
    r.row_hash = CASE WHEN row.source_format = 'ssd' THEN r.row_hash ELSE row.row_hash END,
    r.ssd_row_hash = CASE WHEN row.source_format = 'ssd' THEN row.row_hash ELSE r.ssd_row_hash END,
    r.import_run = $run_id
REMOVE r.pending
RETURN row.source_ref AS source_ref
