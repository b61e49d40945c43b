// Young people by their current risk level ('not set' where nobody has set one).
MATCH (p:YoungPerson)
RETURN coalesce(p.risk_level, 'not set') AS level, count(*) AS count
