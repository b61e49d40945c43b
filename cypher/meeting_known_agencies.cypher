// Every agency code the store knows (handling conditions are matched against these).
MATCH (a:Agency)
RETURN a.name AS agency
ORDER BY agency
