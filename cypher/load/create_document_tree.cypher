// Whole documents: the Document, its Sentences in reading order (HAS_SENTENCE, NEXT) and every
// piece of Evidence (IN_SENTENCE; SUPPORTS to the entity mentioned or the statement or event it
// supports; relationship facts are found by Evidence.fact_id). Each row is one document tree
// (importers/load_rows.py document_tree): nothing just created is looked up again, and evidence
// comes grouped by what it supports so each group is linked without a test per row.
//
// CREATE, not MERGE: these nodes belong to one document and are written once. The loading
// transaction has just checked (find_existing) that the document is absent, and the uniqueness
// constraint on Document.id turns a concurrent load of the same text into a retry that then skips
// it. Shared nodes and facts (entities, statements, events, fact relationships) are MERGEd.
UNWIND $rows AS doc
CREATE (d:Document {id: doc.id, title: doc.title, source: doc.source, url: doc.url, path: doc.path,
                    published: doc.published, metadata: doc.metadata, reliability: doc.reliability,
                    text: doc.text, extraction_hash: doc.extraction_hash, contract: doc.contract,
                    ingested_at: $now})
WITH d, doc
CALL (d, doc) {
  UNWIND doc.sentences AS srow
  CREATE (d)-[:HAS_SENTENCE]->(s:Sentence {id: srow.id, doc_id: srow.doc_id, index: srow.index,
                                           start: srow.start, end: srow.end, text: srow.text})
  WITH s, srow
  CALL (s, srow) {
    UNWIND srow.mention_evidence AS ev
    MATCH (n:Entity {id: ev.fact_id})
    CREATE (n)<-[:SUPPORTS]-(:Evidence {id: ev.id, fact_id: ev.fact_id, fact_kind: ev.fact_kind,
                        fact_type: ev.fact_type, doc_id: ev.doc_id, sentence_id: ev.sentence_id,
                        sentence_index: ev.sentence_index, start: ev.start, end: ev.end,
                        text: ev.text, extractor: ev.extractor, confidence: ev.confidence,
                        credibility: ev.credibility, ingested_at: $now})-[:IN_SENTENCE]->(s)
  }
  CALL (s, srow) {
    UNWIND srow.statement_evidence AS ev
    MATCH (n:Statement {id: ev.fact_id})
    CREATE (n)<-[:SUPPORTS]-(:Evidence {id: ev.id, fact_id: ev.fact_id, fact_kind: ev.fact_kind,
                        fact_type: ev.fact_type, doc_id: ev.doc_id, sentence_id: ev.sentence_id,
                        sentence_index: ev.sentence_index, start: ev.start, end: ev.end,
                        text: ev.text, extractor: ev.extractor, confidence: ev.confidence,
                        credibility: ev.credibility, ingested_at: $now})-[:IN_SENTENCE]->(s)
  }
  CALL (s, srow) {
    UNWIND srow.event_evidence AS ev
    MATCH (n:Event {id: ev.fact_id})
    CREATE (n)<-[:SUPPORTS]-(:Evidence {id: ev.id, fact_id: ev.fact_id, fact_kind: ev.fact_kind,
                        fact_type: ev.fact_type, doc_id: ev.doc_id, sentence_id: ev.sentence_id,
                        sentence_index: ev.sentence_index, start: ev.start, end: ev.end,
                        text: ev.text, extractor: ev.extractor, confidence: ev.confidence,
                        credibility: ev.credibility, ingested_at: $now})-[:IN_SENTENCE]->(s)
  }
  CALL (s, srow) {
    UNWIND srow.fact_evidence AS ev
    CREATE (:Evidence {id: ev.id, fact_id: ev.fact_id, fact_kind: ev.fact_kind,
                        fact_type: ev.fact_type, doc_id: ev.doc_id, sentence_id: ev.sentence_id,
                        sentence_index: ev.sentence_index, start: ev.start, end: ev.end,
                        text: ev.text, extractor: ev.extractor, confidence: ev.confidence,
                        credibility: ev.credibility, ingested_at: $now})-[:IN_SENTENCE]->(s)
  }
  RETURN collect(s) AS sentences
}
UNWIND range(0, size(sentences) - 2) AS i
WITH sentences[i] AS a, sentences[i + 1] AS b
CREATE (a)-[:NEXT]->(b)
