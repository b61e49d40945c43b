// Every action of the strategy's plan with its objective and its dated history (newest first).
MATCH (a:PlanAction)-[:UNDER]->(o:PlanObjective)
RETURN a {.*} AS action, o.objective_id AS objective_id, o.title AS objective,
       COLLECT {
         MATCH (u:PlanUpdate)-[:ON]->(a)
         RETURN u {.*} ORDER BY u.at DESC, u.update_id DESC
       } AS updates
ORDER BY o.title, a.due_date, a.text
