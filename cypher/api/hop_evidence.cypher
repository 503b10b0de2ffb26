// Evidence for path hops. Each row of $hops is {fact_id, node_id}: the relationship fact's own
// evidence when it has any, else the evidence of the statement or event at its end (node_id),
// since speaker, about and participant links are asserted by the same sentence as that node.
// At most $per_hop pieces of evidence per hop; `sources` counts all distinct documents.
UNWIND $hops AS hop
CALL (hop) {
  OPTIONAL MATCH (e:Evidence {fact_id: hop.fact_id})
  WITH hop, collect(e) AS own
  OPTIONAL MATCH (f:Evidence {fact_id: hop.node_id})
  WHERE size(own) = 0
  WITH own, collect(f) AS inherited
  RETURN CASE WHEN size(own) > 0 THEN own ELSE inherited END AS evs
}
CALL (evs) {
  UNWIND evs AS e
  WITH e ORDER BY e.doc_id, e.start
  OPTIONAL MATCH (e)-[:IN_SENTENCE]->(s:Sentence)
  OPTIONAL MATCH (d:Document {id: e.doc_id})
  WITH e, s, d LIMIT $per_hop
  RETURN collect({evidence_id: e.id, doc_id: e.doc_id, doc_title: d.title, published: d.published,
                  reliability: d.reliability, sentence_index: coalesce(s.index, e.sentence_index),
                  sentence: s.text, start: e.start, end: e.end, text: e.text,
                  extractor: e.extractor, confidence: e.confidence}) AS evidence
}
RETURN hop.fact_id AS fact_id, size(COLLECT { UNWIND evs AS e RETURN DISTINCT e.doc_id }) AS sources, evidence
