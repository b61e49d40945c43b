// One operation with the size of its cohort (the meeting's header).
MATCH (o:Operation {operation_id: $operation_id})
RETURN o.operation_id AS operation_id, o.name AS name,
       COUNT { (o)<-[:IN_COHORT]-(:Person) } AS cohort_size
