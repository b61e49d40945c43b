// A successful sign-in gives its attempt back to its counters; counters idle for a day go.
UNWIND $keys AS k
MATCH (t:LoginThrottle {key: k})
SET t.failures = CASE WHEN t.failures > 0 THEN t.failures - 1 ELSE 0 END
WITH count(t) AS refunded
CALL () {
  MATCH (old:LoginThrottle) WHERE old.touched_at < $stale
  WITH old LIMIT 1000
  DELETE old
  RETURN count(old) AS removed
}
RETURN refunded, removed
