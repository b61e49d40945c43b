// Test and demo reset only: removes every node and relationship in batches.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
