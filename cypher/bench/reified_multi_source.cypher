// Design R: how many facts have at least two independent sources (every Evidence node read).
MATCH (e:Evidence)
WITH e.fact_id AS fact, count(DISTINCT e.doc_id) AS sources
WHERE sources >= 2
RETURN count(fact) AS facts
