// One document with its text, sentence bounds, entity mentions and fact evidence as spans.
MATCH (d:Document {id: $id})
RETURN d {.id, .title, .source, .url, .path, .published, .reliability, .metadata, .text,
          ingested_at: toString(d.ingested_at)} AS doc,
  COLLECT { MATCH (d)-[:HAS_SENTENCE]->(s:Sentence) RETURN {index: s.index, start: s.start, end: s.end} ORDER BY s.index } AS sentences,
  COLLECT {
    MATCH (e:Evidence {doc_id: d.id}) WHERE e.fact_kind = 'mention'
    MATCH (e)-[:SUPPORTS]->(n:Entity)
    RETURN {entity_id: n.id, labels: labels(n), name: n.name, title: n.title,
            sentence: e.sentence_index, start: e.start, end: e.end, text: e.text}
    ORDER BY e.start, e.end, n.id
  } AS mentions,
  COLLECT {
    MATCH (e:Evidence {doc_id: d.id}) WHERE e.fact_kind <> 'mention'
    OPTIONAL MATCH (e)-[:SUPPORTS]->(n)
    RETURN {fact_id: e.fact_id, fact_kind: e.fact_kind, fact_type: e.fact_type, node_type: n.type,
            node_kind: n.kind, sentence: e.sentence_index, start: e.start, end: e.end, text: e.text,
            extractor: e.extractor, confidence: e.confidence}
    ORDER BY e.start, e.end, e.fact_id
  } AS facts
