// ---
// name: recognition_disputes
// description: Who recognizes or refuses to recognize whom (recognize / not_recognize events), per target, with the sentences that report it. A not_recognize event counts as non-recognition whatever its modality (extractors mark the negation on the type, the modality, or both).
// parameters:
//   target: {type: string, refers_to: entity, description: "Only this recognized (or not) entity id, e.g. person:nicolas-maduro"}
//   limit: {type: integer, default: 100, minimum: 1, maximum: 1000}
// columns: [target, recognizes, actor, modality, date, evidence, sources, event_id]
// graph: false
// ---
MATCH (ev:Event)
WHERE ev.type IN ['recognize', 'not_recognize']
OPTIONAL MATCH (t:Entity)-[:PARTICIPATED_IN {role: 'target'}]->(ev)
WITH ev, t WHERE $target IS NULL OR t.id = $target
OPTIONAL MATCH (a:Entity)-[:PARTICIPATED_IN {role: 'actor'}]->(ev)
RETURN t.name AS target,
       ev.type = 'recognize' AND coalesce(ev.modality, '') <> 'negated' AS recognizes,
       a.name AS actor, ev.modality AS modality, ev.date AS date,
       COLLECT { MATCH (e:Evidence {fact_id: ev.id}) RETURN e.text ORDER BY e.doc_id, e.start LIMIT 3 } AS evidence,
       size(COLLECT { MATCH (e:Evidence {fact_id: ev.id}) RETURN DISTINCT e.doc_id }) AS sources,
       ev.id AS event_id
ORDER BY target, date, actor, event_id
LIMIT $limit
