// Who said a statement (SAID, entity -> statement) and what it is about (ABOUT, statement ->
// entity), each a fact with its own id. The relationship type is dynamic (Neo4j 5.26); its value
// comes only from the vocabulary (importers/graph_schema.py), never from input.
UNWIND $rows AS row
MATCH (e:Entity {id: row.entity})
MATCH (st:Statement {id: row.statement})
WITH row, CASE row.type WHEN 'SAID' THEN e ELSE st END AS a, CASE row.type WHEN 'SAID' THEN st ELSE e END AS b
MERGE (a)-[r:$(row.type) {id: row.id}]->(b)
ON CREATE SET r.first_seen = $now
SET r.last_seen = $now
