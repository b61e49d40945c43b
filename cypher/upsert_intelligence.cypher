// Upsert intelligence reports; unchanged rows (same content hash) are skipped. `row.props` holds
// every stored field, the hash and the import run, so one SET writes the lot.
// A changed report goes back to the practice lead's inbox (its review is cleared).
// Returns the refs of the rows that were new or changed, and whether this batch created them
// (a report created now has no links to clear).
UNWIND $rows AS row
MERGE (i:Intelligence {intel_id: row.key})
  ON CREATE SET i.agency = row.agency,
                i.source_ref = row.source_ref,
                i.imported_at = $now,
                i.received_at = $now
WITH i, row, i.row_hash AS previous_hash, i.reviewed_at AS reviewed_at
WHERE previous_hash IS NULL OR previous_hash <> row.hash
SET i += row.props,
    i.import_run = $run_id,
    i.changed_at = CASE WHEN previous_hash IS NULL THEN null ELSE $now END,
    i.reviewed_at = CASE WHEN previous_hash IS NULL THEN reviewed_at ELSE null END
RETURN row.source_ref AS source_ref, i.imported_at = $now AS created
