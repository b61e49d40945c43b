// Upsert partner location records; unchanged rows are skipped.
UNWIND $rows AS row
MERGE (l:Location {location_id: row.location_id})
  ON CREATE SET l.agency = row.agency, l.source_ref = row.source_ref, l.imported_at = $now
WITH l, row
WHERE l.row_hash IS NULL OR l.row_hash <> row.row_hash
SET l.changed_at = CASE WHEN l.row_hash IS NULL THEN l.changed_at ELSE $now END
SET l += row.props,
    l += row.extra,
    l.row_hash = row.row_hash,
    l.import_run = $run_id
REMOVE l.pending
RETURN row.source_ref AS source_ref
