// Count one attempt on each counter (a success gives it back: login_throttle_refund), or mark
// the counters over their limit as noted (their refusal has been recorded once this window).
UNWIND $keys AS k
MATCH (t:LoginThrottle {key: k})
SET t.failures = t.failures + $add, t.noted = t.noted OR k IN $noted
RETURN count(t) AS counters
