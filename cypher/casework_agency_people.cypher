// The person records an agency has sent (not those only referenced), for its forms.
MATCH (r:AgencyRecord {agency: $agency})
WHERE r.pending IS NULL
RETURN r.source_ref AS source_ref, r.first_name AS first_name, r.last_name AS last_name,
       r.aliases AS aliases, r.role AS role, r.date_of_birth AS date_of_birth
ORDER BY source_ref
