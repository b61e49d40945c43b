// Tombstones of erased agency records: a keyed hash of agency + source_ref (never the values),
// so that a later import skips the record and reports it.
UNWIND $stones AS stone
MERGE (t:Tombstone {key: stone.key})
  ON CREATE SET t.agency = stone.agency, t.erased_at = $now
RETURN count(t) AS tombstones
