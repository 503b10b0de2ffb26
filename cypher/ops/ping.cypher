// Readiness probe: answers only once the database accepts queries.
RETURN 1 AS ok
