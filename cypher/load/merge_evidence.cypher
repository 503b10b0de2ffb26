// Evidence: one node per (fact, document, span), linked to its sentence, and for mentions and node
// facts to the node it supports (relationship facts are found by fact_id).
UNWIND $rows AS row
MATCH (s:Sentence {id: row.sentence_id})
MERGE (e:Evidence {id: row.id})
ON CREATE SET e.ingested_at = $now
SET e.fact_id = row.fact_id, e.fact_kind = row.fact_kind, e.fact_type = row.fact_type,
    e.doc_id = row.doc_id, e.sentence_id = row.sentence_id, e.sentence_index = row.sentence_index,
    e.start = row.start, e.end = row.end, e.text = row.text, e.extractor = row.extractor,
    e.confidence = row.confidence, e.credibility = row.credibility
MERGE (e)-[:IN_SENTENCE]->(s)
CALL (e, row) {
  MATCH (n:Entity {id: row.fact_id}) WHERE row.fact_kind = 'mention'
  MERGE (e)-[:SUPPORTS]->(n)
}
CALL (e, row) {
  MATCH (n:Statement {id: row.fact_id}) WHERE row.fact_kind = 'node'
  MERGE (e)-[:SUPPORTS]->(n)
}
CALL (e, row) {
  MATCH (n:Event {id: row.fact_id}) WHERE row.fact_kind = 'node'
  MERGE (e)-[:SUPPORTS]->(n)
}
