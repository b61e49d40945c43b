// The location refs an agency has actually sent records for (not only referenced).
MATCH (l:Location {agency: $agency})
WHERE l.pending IS NULL
RETURN l.source_ref AS source_ref
