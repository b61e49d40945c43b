// Upsert missing episodes; unchanged rows are skipped. Returns the refs new or changed.
UNWIND $rows AS row
MERGE (e:MissingEpisode {agency: row.agency, source_ref: row.source_ref})
  ON CREATE SET e.episode_id = row.agency + '/' + row.source_ref, e.imported_at = $now
WITH e, row
WHERE e.row_hash IS NULL OR e.row_hash <> row.row_hash
SET e.changed_at = CASE WHEN e.row_hash IS NULL THEN e.changed_at ELSE $now END
SET e += row.props,
    e += row.extra,
    e.row_hash = row.row_hash,
    e.import_run = $run_id
RETURN row.source_ref AS source_ref
