// Upsert partner location records; unchanged rows are skipped. Returns refs new or changed.
UNWIND $rows AS row
MERGE (l:Location {location_id: row.location_id})
  ON CREATE SET l.agency = row.agency, l.source_ref = row.source_ref, l.imported_at = $now
WITH l, row, l.row_hash AS previous_hash, l.changed_at AS changed_at
WHERE previous_hash IS NULL OR previous_hash <> row.hash
SET l += row.props,
    l.import_run = $run_id,
    l.pending = null,
    l.changed_at = CASE WHEN previous_hash IS NULL THEN changed_at ELSE $now END
RETURN row.source_ref AS source_ref
