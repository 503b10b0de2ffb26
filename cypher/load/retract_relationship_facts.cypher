// Fact relationships among $fact_ids that no Evidence supports any more are deleted; their end
// nodes are returned so entities left with nothing can be collected. Those that keep evidence get
// their contested state recomputed from the claims left ($compared: fields per type; see
// merge_contested). One branch per fact type
// (importers/vocabulary.yaml `facts`, checked by tests/unit/test_vocabulary.py) so each uses its
// relationship-id index.
UNWIND $fact_ids AS fact_id
CALL (fact_id) {
  MATCH (s)-[r:HOLDS_OFFICE {id: fact_id}]->(t) RETURN r, s.id AS source, t.id AS target
  UNION
  MATCH (s)-[r:MEMBER_OF {id: fact_id}]->(t) RETURN r, s.id AS source, t.id AS target
  UNION
  MATCH (s)-[r:PART_OF {id: fact_id}]->(t) RETURN r, s.id AS source, t.id AS target
  UNION
  MATCH (s)-[r:ALLIED_WITH {id: fact_id}]->(t) RETURN r, s.id AS source, t.id AS target
  UNION
  MATCH (s)-[r:OFFICE_OF {id: fact_id}]->(t) RETURN r, s.id AS source, t.id AS target
  UNION
  MATCH (s)-[r:BORDER_OF {id: fact_id}]->(t) RETURN r, s.id AS source, t.id AS target
  UNION
  MATCH (s)-[r:SAID {id: fact_id}]->(t) RETURN r, s.id AS source, t.id AS target
  UNION
  MATCH (s)-[r:ABOUT {id: fact_id}]->(t) RETURN r, s.id AS source, t.id AS target
  UNION
  MATCH (s)-[r:PARTICIPATED_IN {id: fact_id}]->(t) RETURN r, s.id AS source, t.id AS target
}
WITH fact_id, r, source, target, COLLECT { MATCH (e:Evidence {fact_id: fact_id}) RETURN e } AS evidence
CALL (r, evidence) {
  WITH r, evidence, [field IN coalesce($compared[type(r)], [])
              WHERE size(COLLECT { UNWIND evidence AS e
                                   WITH e['claim_' + field] AS v WHERE v IS NOT NULL
                                   RETURN DISTINCT v }) > 1] AS fields
  WHERE size(evidence) > 0
  SET r.contested = CASE WHEN size(fields) > 0 THEN true END,
      r.contested_fields = CASE WHEN size(fields) > 0 THEN fields END
}
WITH fact_id, r, source, target, evidence
WHERE size(evidence) = 0
DELETE r
RETURN fact_id, source, target
