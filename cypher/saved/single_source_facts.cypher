// ---
// name: single_source_facts
// description: Facts (statements, events, relationships) backed by only one document - the claims to corroborate first. Optionally only facts involving one entity.
// parameters:
//   entity: {type: string, refers_to: entity, description: "Only facts whose evidence sentence mentions this entity id"}
//   limit: {type: integer, default: 100, minimum: 1, maximum: 1000}
// columns: [fact_id, fact_kind, fact_type, doc_id, title, reliability, sentence]
// graph: false
// ---
MATCH (e:Evidence)
WHERE e.fact_kind IN ['node', 'relationship']
  AND ($entity IS NULL OR EXISTS {
        MATCH (e)-[:IN_SENTENCE]->(:Sentence)<-[:IN_SENTENCE]-(:Evidence {fact_kind: 'mention'})-[:SUPPORTS]->(:Entity {id: $entity}) })
WITH e.fact_id AS fact_id, collect(e) AS evs
WHERE size(COLLECT { UNWIND evs AS x RETURN DISTINCT x.doc_id }) = 1
WITH fact_id, evs[0] AS e
OPTIONAL MATCH (e)-[:IN_SENTENCE]->(s:Sentence)
OPTIONAL MATCH (d:Document {id: e.doc_id})
RETURN fact_id, e.fact_kind AS fact_kind, e.fact_type AS fact_type, e.doc_id AS doc_id, d.title AS title,
       d.reliability AS reliability, s.text AS sentence
ORDER BY fact_id
LIMIT $limit
