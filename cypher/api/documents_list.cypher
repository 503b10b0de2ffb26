// One page of documents in id order (keyset pagination: $after is the last id of the previous page).
MATCH (d:Document)
WHERE ($after IS NULL OR d.id > $after) AND ($source IS NULL OR d.source = $source)
WITH d ORDER BY d.id LIMIT $limit
RETURN d {.id, .title, .source, .url, .published, .reliability, ingested_at: toString(d.ingested_at)} AS doc,
       COUNT { (d)-[:HAS_SENTENCE]->(:Sentence) } AS sentences,
       COUNT { MATCH (e:Evidence {doc_id: d.id}) WHERE e.fact_kind <> 'mention' } AS facts
