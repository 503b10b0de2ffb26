// Design R: the evidence of one fact with its sentences.
MATCH (e:Evidence {fact_id: $fact_id})-[:IN_SENTENCE]->(s:Sentence)
RETURN e.doc_id AS doc, e.start AS start, e.end AS end, e.text AS text, s.text AS sentence
