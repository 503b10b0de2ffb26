// Entities among $entity_ids with no relationship left (no mention evidence, no fact) are deleted.
// Those that stay get their contested state recomputed from the claims of the evidence left
// ($compared; see merge_contested).
UNWIND $entity_ids AS entity_id
MATCH (n:Entity {id: entity_id})
CALL (n) {
  WITH n WHERE EXISTS { MATCH (n)--() }
  WITH n, COLLECT { MATCH (e:Evidence {fact_id: n.id}) RETURN e } AS evidence
  WITH n, evidence, [field IN coalesce($compared['Entity'], [])
              WHERE size(COLLECT { UNWIND evidence AS e
                                   WITH e['claim_' + field] AS v WHERE v IS NOT NULL
                                   RETURN DISTINCT v }) > 1] AS fields
  SET n.contested = CASE WHEN size(fields) > 0 THEN true END,
      n.contested_fields = CASE WHEN size(fields) > 0 THEN fields END
}
WITH n, entity_id
WHERE NOT EXISTS { MATCH (n)--() }
DELETE n
RETURN entity_id
