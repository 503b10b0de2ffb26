// Every piece of evidence for a fact id (node facts, entity mentions and relationship facts all
// carry it as Evidence.fact_id), with its sentence and document, oldest publication first.
MATCH (e:Evidence {fact_id: $id})
OPTIONAL MATCH (e)-[:IN_SENTENCE]->(s:Sentence)
OPTIONAL MATCH (d:Document {id: e.doc_id})
RETURN e {.*} AS evidence, s {.id, .index, .start, .end, .text} AS sentence,
       d {.id, .title, .source, .url, .published, .reliability} AS document
ORDER BY d.published, e.doc_id, e.start, e.id
LIMIT $limit
