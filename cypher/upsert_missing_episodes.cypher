// Upsert missing episodes. Unchanged rows (same content hash) are skipped; a changed row updates
// the record and stamps changed_at. SSD extracts keep their own hash (`ssd_row_hash`) and fill
// only the fields they carry. Returns the refs that were new or changed.
UNWIND $rows AS row
MERGE (e:MissingEpisode {episode_id: row.key})
  ON CREATE SET e.agency = row.agency, e.source_ref = row.source_ref, e.imported_at = $now
WITH e, row,
     CASE WHEN row.source_format = 'ssd' THEN e.ssd_row_hash ELSE e.row_hash END AS previous_hash,
     e.changed_at AS changed_at
WHERE previous_hash IS NULL OR previous_hash <> row.hash
SET e += row.props,
    e.import_run = $run_id,
    e.changed_at = CASE WHEN previous_hash IS NULL THEN changed_at ELSE $now END
RETURN row.source_ref AS source_ref
