// Statements and events among $fact_ids left with no supporting Evidence are deleted, with their
// links; the entities they were linked to are returned for collection.
UNWIND $fact_ids AS fact_id
CALL (fact_id) {
  MATCH (n:Statement {id: fact_id}) RETURN n
  UNION
  MATCH (n:Event {id: fact_id}) RETURN n
}
WITH fact_id, n
WHERE NOT EXISTS { MATCH (:Evidence)-[:SUPPORTS]->(n) }
WITH fact_id, n, [(n)--(x:Entity) | x.id] AS neighbours
DETACH DELETE n
RETURN fact_id, neighbours
