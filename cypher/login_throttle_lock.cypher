// Failed sign-ins per client and per account name: take (or make) each counter and its lock.
UNWIND $keys AS k
MERGE (t:LoginThrottle {key: k})
  ON CREATE SET t.window_start = $now, t.failures = 0, t.noted = false
SET t.touched_at = $now
RETURN count(t) AS counters
