// Intelligence reports per submitting agency and month of report (UK local time).
MATCH (i:Intelligence)
WHERE i.reported_at >= $start AND i.reported_at < $end
WITH i.agency AS agency, datetime({datetime: i.reported_at, timezone: 'Europe/London'}) AS local
RETURN agency, local.year AS year, local.month AS month, count(*) AS count
