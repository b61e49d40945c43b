// The counters (locked by login_throttle_lock), restarted when their window has passed.
UNWIND $keys AS k
MATCH (t:LoginThrottle {key: k})
WITH t, t.window_start < $window_start AS expired
SET t.failures = CASE WHEN expired THEN 0 ELSE t.failures END,
    t.noted = CASE WHEN expired THEN false ELSE t.noted END,
    t.window_start = CASE WHEN expired THEN $now ELSE t.window_start END
RETURN t.key AS key, t.failures AS failures, t.noted AS noted, t.window_start AS window_start
