// Operations with the size of their cohort.
MATCH (o:Operation)
RETURN o.operation_id AS operation_id, o.name AS name,
       COUNT { (o)<-[:IN_COHORT]-(:Person) } AS cohort_size
ORDER BY o.operation_id
