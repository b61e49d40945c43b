// Upsert intelligence reports; unchanged rows are skipped. Returns the refs new or changed.
UNWIND $rows AS row
MERGE (i:Intelligence {intel_id: row.key})
  ON CREATE SET i.agency = row.agency,
                i.source_ref = row.source_ref,
                i.imported_at = $now,
                i.received_at = $now
WITH i, row
WHERE i.row_hash IS NULL OR i.row_hash <> row.row_hash
SET i.changed_at = CASE WHEN i.row_hash IS NULL THEN i.changed_at ELSE $now END
SET i += row.props,
    i += row.extra,
    i.row_hash = row.row_hash,
    i.import_run = $run_id
RETURN row.source_ref AS source_ref
