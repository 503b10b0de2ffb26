// Design R (the model): how many independent documents back one fact.
MATCH (e:Evidence {fact_id: $fact_id})
RETURN count(DISTINCT e.doc_id) AS sources
