// Naive baseline: one piece of evidence (IN_SENTENCE, SUPPORTS), in its own transaction.
MATCH (s:Sentence {id: $row.sentence_id})
CREATE (e:Evidence {id: $row.id, fact_id: $row.fact_id, fact_kind: $row.fact_kind,
                    fact_type: $row.fact_type, doc_id: $row.doc_id, sentence_id: $row.sentence_id,
                    sentence_index: $row.sentence_index, start: $row.start, end: $row.end,
                    text: $row.text, extractor: $row.extractor, confidence: $row.confidence,
                    credibility: $row.credibility, ingested_at: $now})-[:IN_SENTENCE]->(s)
WITH e
CALL (e) {
  MATCH (n:Entity {id: $row.fact_id}) WHERE $row.fact_kind = 'mention'
  CREATE (e)-[:SUPPORTS]->(n)
}
CALL (e) {
  MATCH (n:Statement {id: $row.fact_id}) WHERE $row.fact_type = 'Statement'
  CREATE (e)-[:SUPPORTS]->(n)
}
CALL (e) {
  MATCH (n:Event {id: $row.fact_id}) WHERE $row.fact_type = 'Event'
  CREATE (e)-[:SUPPORTS]->(n)
}
