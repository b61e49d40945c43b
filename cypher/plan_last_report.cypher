// When the action plan was last reported to the strategic board (null before the first report).
MATCH (r:PlanReport)
RETURN max(r.at) AS at
