// ---
// name: contradicting_statements
// description: Claims that contradict each other about the same target - opposite event types (recognize / not_recognize, support / oppose, restore / break ties, reopen / close border, deploy / withdraw troops) or the same event asserted and negated - with the sentences that report each side.
// parameters:
//   entity: {type: string, refers_to: entity, description: "Only contradictions whose target is this entity id"}
//   limit: {type: integer, default: 100, minimum: 1, maximum: 1000}
// columns: [target, claim_a, claim_b, actors_a, actors_b, evidence_a, evidence_b, event_a, event_b]
// graph: false
// ---
WITH [['recognize', 'not_recognize'], ['support', 'oppose'],
      ['restore_diplomatic_ties', 'break_diplomatic_ties'], ['establish_diplomatic_ties', 'break_diplomatic_ties'],
      ['restore_military_ties', 'break_military_ties'], ['reopen_border', 'close_border'],
      ['deploy_troops', 'withdraw_troops'], ['cooperate', 'threaten']] AS opposites
MATCH (t:Entity)<-[:PARTICIPATED_IN {role: 'target'}]-(x:Event)
WHERE $entity IS NULL OR t.id = $entity
MATCH (t)<-[:PARTICIPATED_IN {role: 'target'}]-(y:Event)
WHERE x.id < y.id
  AND (any(pair IN opposites WHERE (x.type = pair[0] AND y.type = pair[1]) OR (x.type = pair[1] AND y.type = pair[0]))
       OR (x.type = y.type AND (x.modality = 'negated') <> (y.modality = 'negated')))
RETURN t.name AS target,
       x.type + CASE WHEN x.modality = 'negated' THEN ' (negated)' ELSE '' END AS claim_a,
       y.type + CASE WHEN y.modality = 'negated' THEN ' (negated)' ELSE '' END AS claim_b,
       COLLECT { MATCH (a:Entity)-[:PARTICIPATED_IN {role: 'actor'}]->(x) RETURN a.name ORDER BY a.name } AS actors_a,
       COLLECT { MATCH (a:Entity)-[:PARTICIPATED_IN {role: 'actor'}]->(y) RETURN a.name ORDER BY a.name } AS actors_b,
       COLLECT { MATCH (e:Evidence {fact_id: x.id}) RETURN e.text ORDER BY e.doc_id, e.start LIMIT 3 } AS evidence_a,
       COLLECT { MATCH (e:Evidence {fact_id: y.id}) RETURN e.text ORDER BY e.doc_id, e.start LIMIT 3 } AS evidence_b,
       x.id AS event_a, y.id AS event_b
ORDER BY target, event_a, event_b
LIMIT $limit
