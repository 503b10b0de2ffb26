// One page of documents in id order (keyset pagination: $after is the last id of the previous page),
// with sentence and fact counts. Facts are counted as the loader counts them ($fact_types: the
// contract's relation types, Statement and Event; not the links derived from them, nor mentions),
// each fact once however many spans support it. The CLI (`intelgraph documents list`) and the API
// (`GET /api/documents`) both read this file through app/graph/documents.py.
MATCH (d:Document)
WHERE ($after IS NULL OR d.id > $after) AND ($source IS NULL OR d.source = $source)
WITH d ORDER BY d.id LIMIT $limit
RETURN d {.id, .title, .source, .url, .published, .reliability,
          ingested_at: toString(d.ingested_at)} AS doc,
       COUNT { (d)-[:HAS_SENTENCE]->(:Sentence) } AS sentences,
       size(COLLECT { MATCH (e:Evidence {doc_id: d.id}) WHERE e.fact_type IN $fact_types
                      RETURN DISTINCT e.fact_id }) AS facts
