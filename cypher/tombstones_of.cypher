// The tombstone hashes of one agency's erased records.
MATCH (t:Tombstone {agency: $agency})
RETURN t.key AS key
