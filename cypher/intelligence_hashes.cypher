// The content hash of each report of a batch that is already stored: the rest are new, and the
// batch creates them without comparing hashes.
UNWIND $keys AS key
MATCH (i:Intelligence {intel_id: key})
RETURN key, i.row_hash AS hash
