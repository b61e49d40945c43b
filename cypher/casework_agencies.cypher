// Agency codes known to the store (partners that have sent or been named in records).
MATCH (a:Agency)
RETURN a.name AS name
ORDER BY name
