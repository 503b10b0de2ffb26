// Statements and events among $fact_ids left with no supporting Evidence are deleted, with their
// links; the entities they were linked to are returned for collection. Those that keep evidence
// get their contested state recomputed from the claims left ($compared; see merge_contested).
UNWIND $fact_ids AS fact_id
CALL (fact_id) {
  MATCH (n:Statement {id: fact_id}) RETURN n
  UNION
  MATCH (n:Event {id: fact_id}) RETURN n
}
WITH fact_id, n, COLLECT { MATCH (e:Evidence)-[:SUPPORTS]->(n) RETURN e } AS evidence
CALL (n, evidence) {
  WITH n, evidence, [field IN coalesce($compared[CASE WHEN n:Statement THEN 'Statement' ELSE 'Event' END], [])
              WHERE size(COLLECT { UNWIND evidence AS e
                                   WITH e['claim_' + field] AS v WHERE v IS NOT NULL
                                   RETURN DISTINCT v }) > 1] AS fields
  WHERE size(evidence) > 0
  SET n.contested = CASE WHEN size(fields) > 0 THEN true END,
      n.contested_fields = CASE WHEN size(fields) > 0 THEN fields END
}
WITH fact_id, n, evidence
WHERE size(evidence) = 0
WITH fact_id, n, [(n)--(x:Entity) | x.id] AS neighbours
DETACH DELETE n
RETURN fact_id, neighbours
