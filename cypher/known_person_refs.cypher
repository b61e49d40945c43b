// The person refs an agency has actually sent records for (not only referenced).
MATCH (r:AgencyRecord {agency: $agency})
WHERE r.pending IS NULL
RETURN r.source_ref AS source_ref
