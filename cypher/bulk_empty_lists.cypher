// After an offline import: set the empty lists the importer cannot write (each node names them
// in its import-only `bulk_empty` property), then drop that property.
MATCH (n) WHERE n.bulk_empty IS NOT NULL
CALL (n) {
  FOREACH (key IN n.bulk_empty | SET n[key] = [])
  REMOVE n.bulk_empty
} IN TRANSACTIONS OF 10000 ROWS
