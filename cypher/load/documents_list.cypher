// Loaded documents, most recently loaded first, with sentence and fact counts (facts as the loader
// counts them: relations, statements and events, not the links derived from them nor mentions).
MATCH (d:Document)
WITH d ORDER BY d.ingested_at DESC, d.id SKIP $skip LIMIT $limit
RETURN d.id AS id, d.title AS title, d.published AS published, d.source AS source, d.url AS url,
       d.path AS path, d.reliability AS reliability, d.ingested_at AS ingested_at,
       COUNT { (d)-[:HAS_SENTENCE]->() } AS sentences,
       size(COLLECT { MATCH (e:Evidence {doc_id: d.id}) WHERE e.fact_type IN ['HOLDS_OFFICE', 'MEMBER_OF', 'PART_OF', 'ALLIED_WITH', 'Statement', 'Event']
                      RETURN DISTINCT e.fact_id }) AS facts
