// Answers once the database is online (a server just started may still be opening it).
RETURN 1 AS ready
