// Wait until every index is ONLINE, so a fresh schema is usable as soon as init returns.
CALL db.awaitIndexes($timeout_s)
