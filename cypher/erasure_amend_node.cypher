// Replace the amended properties of one stored analysis node (cluster, run or alert).
MATCH (n) WHERE elementId(n) = $node
SET n += $props, n.amended_at = $now, n.erasures = coalesce(n.erasures, 0) + 1
RETURN elementId(n) AS node
