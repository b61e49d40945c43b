// Upsert partner person records. Unchanged rows (same row_hash) are skipped entirely; a changed
// row updates the record and stamps changed_at. Returns the refs that were new or changed.
UNWIND $rows AS row
MERGE (r:AgencyRecord {agency: row.agency, source_ref: row.source_ref})
  ON CREATE SET r.record_key = row.agency + '/' + row.source_ref,
                r.imported_at = $now
WITH r, row
WHERE r.row_hash IS NULL OR r.row_hash <> row.row_hash
SET r.changed_at = CASE WHEN r.row_hash IS NULL THEN r.changed_at ELSE $now END,
    r.change_count = CASE WHEN r.row_hash IS NULL THEN 0 ELSE coalesce(r.change_count, 0) + 1 END
SET r += row.props,
    r += row.extra,
    r.row_hash = row.row_hash,
    r.import_run = $run_id
REMOVE r.pending
RETURN row.source_ref AS source_ref
