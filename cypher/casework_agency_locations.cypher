// The location records an agency has sent (not those only referenced), for its forms.
MATCH (l:Location {agency: $agency})
WHERE l.pending IS NULL
RETURN l.source_ref AS source_ref, l.name AS name, l.kind AS kind, l.postcode AS postcode
ORDER BY source_ref
