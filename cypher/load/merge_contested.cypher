// A fact is contested when its evidence claims more than one distinct value for a compared field
// (merge_claims): `contested: true` and `contested_fields` (in vocabulary order); an uncontested fact has
// neither property. The displayed value stays deterministic (see merge_entities); the conflict is
// visible here and, value by value with its sources, in the provenance API. Also run by retraction
// for the facts that keep evidence (retract_contested). $rows: {id, kind ('entity' | 'statement' |
// 'event' | 'relationship'), fields, source, target}; a relationship is found from its endpoints.
UNWIND $rows AS row
WITH row, COLLECT { MATCH (e:Evidence {fact_id: row.id}) RETURN e } AS evidence
WITH row, [field IN row.fields
           WHERE size(COLLECT { UNWIND evidence AS e
                                WITH e['claim_' + field] AS v WHERE v IS NOT NULL
                                RETURN DISTINCT v }) > 1] AS fields
WITH row, CASE WHEN size(fields) > 0 THEN true END AS contested,
     CASE WHEN size(fields) > 0 THEN fields END AS contested_fields
CALL (row, contested, contested_fields) {
  MATCH (n:Entity {id: row.id}) WHERE row.kind = 'entity'
  SET n.contested = contested, n.contested_fields = contested_fields
}
CALL (row, contested, contested_fields) {
  MATCH (n:Statement {id: row.id}) WHERE row.kind = 'statement'
  SET n.contested = contested, n.contested_fields = contested_fields
}
CALL (row, contested, contested_fields) {
  MATCH (n:Event {id: row.id}) WHERE row.kind = 'event'
  SET n.contested = contested, n.contested_fields = contested_fields
}
CALL (row, contested, contested_fields) {
  MATCH (:Entity {id: row.source})-[r {id: row.id}]->(:Entity {id: row.target}) WHERE row.kind = 'relationship'
  SET r.contested = contested, r.contested_fields = contested_fields
}
