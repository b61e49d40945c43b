// Make sure each referenced location exists; one referenced before its row arrives is pending.
UNWIND $refs AS ref
MERGE (l:Location {location_id: ref.location_id})
  ON CREATE SET l.agency = ref.agency,
                l.source_ref = ref.source_ref,
                l.pending = true,
                l.imported_at = $now
RETURN count(*) AS ensured
