// Upsert missing episodes. Unchanged rows (same content hash) are skipped; a changed row updates
// the record and stamps changed_at. SSD extracts keep their own hash and fill only the fields
// they carry. Returns the refs that were new or changed.
UNWIND $rows AS row
MERGE (e:MissingEpisode {episode_id: row.key})
  ON CREATE SET e.agency = row.agency, e.source_ref = row.source_ref, e.imported_at = $now
WITH e, row,
     CASE WHEN row.source_format = 'ssd' THEN e.ssd_row_hash ELSE e.row_hash END AS previous_hash
WHERE previous_hash IS NULL OR previous_hash <> row.row_hash
SET e.changed_at = CASE WHEN previous_hash IS NULL THEN e.changed_at ELSE $now END
SET e += row.props,
    e += row.extra,
    e.row_hash = CASE WHEN row.source_format = 'ssd' THEN e.row_hash ELSE row.row_hash END,
    e.ssd_row_hash = CASE WHEN row.source_format = 'ssd' THEN row.row_hash ELSE e.ssd_row_hash END,
    e.import_run = $run_id
RETURN row.source_ref AS source_ref
