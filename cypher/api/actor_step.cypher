// One breadth-first step of the actor view (app/graph/actors.py): the entities joined to any of
// $frontier by an event both took part in, a statement one made about the other, or a fact of a
// type in $direct_types; not in $seen, of a type in $node_types, at most $limit of them. Same date
// rule as actor_links.cypher. `full` says the cap was reached.
UNWIND $frontier AS xid
MATCH (x:Entity {id: xid})
CALL (x) {
  MATCH (x)-[:PARTICIPATED_IN|SAID|ABOUT]-(f)-[:PARTICIPATED_IN|SAID|ABOUT]-(m:Entity)
  WHERE (f:Event OR f:Statement) AND m <> x
    AND NOT (f:Statement AND NOT (x)-[:SAID]->(f) AND NOT (m)-[:SAID]->(f))
    AND ($from IS NULL OR f.date IS NULL OR left(f.date, size($from)) >= left($from, size(f.date)))
    AND ($to IS NULL OR f.date IS NULL OR left(f.date, size($to)) <= left($to, size(f.date)))
  RETURN m
  UNION
  MATCH (x)-[r]-(m:Entity)
  WHERE type(r) IN $direct_types
  RETURN m
}
WITH DISTINCT m
WHERE NOT m.id IN $seen AND any(l IN labels(m) WHERE l IN $node_types)
WITH m ORDER BY m.id LIMIT $limit + 1
RETURN collect(m.id)[..$limit] AS ids, count(m) > $limit AS full
