// Handling-code C reports of a window: the explorer leaves out those a user's agency may not see.
MATCH (i:Intelligence)
WHERE i.reported_at >= $window_start AND i.reported_at <= $window_end AND i.handling_code = 'C'
RETURN i.intel_id AS intel_id, i.agency AS agency, i.handling_conditions AS handling_conditions
