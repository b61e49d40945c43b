// Create or rename an operation (one multi-agency operation with its own cohort).
MERGE (o:Operation {operation_id: $operation_id})
  ON CREATE SET o.created_at = $now, o.created_by = $by
SET o.name = $name
RETURN o.operation_id AS operation_id
