// Agency codes known to the store (filters, and the names handling conditions may use).
MATCH (a:Agency)
RETURN a.name AS name
ORDER BY name
