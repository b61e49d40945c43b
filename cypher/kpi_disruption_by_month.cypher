// Disruption records (CAWNs, NRM referrals) per kind and month (UK local time).
MATCH (d:DisruptionRecord)
WHERE d.recorded_at >= $start AND d.recorded_at < $end
WITH d.kind AS kind, datetime({datetime: d.recorded_at, timezone: 'Europe/London'}) AS local
RETURN kind, local.year AS year, local.month AS month, count(*) AS count
