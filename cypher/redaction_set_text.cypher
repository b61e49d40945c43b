// Replace redacted fields of one record (fields chosen by the service from a fixed list).
MATCH (n) WHERE elementId(n) = $node
SET n += $props, n.redacted_at = $now
RETURN elementId(n) AS node
