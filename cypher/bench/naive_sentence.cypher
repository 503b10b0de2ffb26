// Naive baseline: one sentence (with its HAS_SENTENCE and NEXT links), in its own transaction.
MATCH (d:Document {id: $row.doc_id})
CREATE (d)-[:HAS_SENTENCE]->(s:Sentence {id: $row.id, doc_id: $row.doc_id, index: $row.index,
                                         start: $row.start, end: $row.end, text: $row.text})
WITH s
OPTIONAL MATCH (previous:Sentence {id: $previous})
FOREACH (_ IN CASE WHEN previous IS NULL THEN [] ELSE [1] END | CREATE (previous)-[:NEXT]->(s))
