// One batch of the export (app/graph/export.py): the domain nodes (entities, statements, events)
// with an id above $after, in id order, at most $batch of them (keyset paging: each batch is one
// short read however large the graph).
MATCH (n)
WHERE (n:Entity OR n:Statement OR n:Event) AND n.id > $after
WITH n ORDER BY n.id LIMIT $batch
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
