// One batch of the export (app/graph/export.py): the fact relationships (types in $types) with an
// id above $after, in id order, at most $batch, each with its number of distinct source documents.
MATCH (a)-[r]->(b)
WHERE type(r) IN $types AND r.id > $after
WITH a, r, b ORDER BY r.id LIMIT $batch
RETURN r.id AS id, type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props,
       size(COLLECT { MATCH (e:Evidence {fact_id: r.id}) RETURN DISTINCT e.doc_id }) AS sources
