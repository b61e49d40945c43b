// Land reports that were not stored when the batch began (`intelligence_hashes`). MERGE rather
// than CREATE, so a report another import landed meanwhile is updated, not duplicated.
UNWIND $rows AS row
MERGE (i:Intelligence {intel_id: row.key})
  ON CREATE SET i.agency = row.agency,
                i.source_ref = row.source_ref,
                i.imported_at = $now,
                i.received_at = $now
SET i += row.props,
    i.import_run = $run_id
RETURN count(*) AS created
