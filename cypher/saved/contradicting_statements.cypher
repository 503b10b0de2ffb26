// ---
// name: contradicting_statements
// description: Claims that contradict each other about the same target, in one document or across documents - opposite event types (recognize / not_recognize, support / oppose, restore / break ties, reopen / close border, deploy / withdraw troops), the same event asserted and negated, or an accusation and its denial (the accused denying an act, or the accusation's own sentence reporting the denial) - with the sentences that report each side.
// parameters:
//   entity: {type: string, refers_to: entity, description: "Only contradictions whose target is this entity id"}
//   limit: {type: integer, default: 100, minimum: 1, maximum: 1000}
// columns: [target, claim_a, claim_b, actors_a, actors_b, evidence_a, evidence_b, event_a, event_b]
// graph: false
// ---
// $denials: the inflected forms of lexicons/speech_verbs.json "rejecting" (a saved query reads no
// lexicon; tests/unit/test_saved_queries_params.py checks the two agree).
WITH [['recognize', 'not_recognize'], ['support', 'oppose'],
      ['restore_diplomatic_ties', 'break_diplomatic_ties'], ['establish_diplomatic_ties', 'break_diplomatic_ties'],
      ['restore_military_ties', 'break_military_ties'], ['reopen_border', 'close_border'],
      ['deploy_troops', 'withdraw_troops'], ['cooperate', 'threaten']] AS opposites,
     ['deny', 'denies', 'denied', 'denying', 'reject', 'rejects', 'rejected', 'rejecting',
      'dismiss', 'dismisses', 'dismissed', 'dismissing', 'refute', 'refutes', 'refuted', 'refuting',
      'dispute', 'disputes', 'disputed', 'disputing', 'rebut', 'rebuts', 'rebutted', 'rebutting'] AS denials
CALL (opposites, denials) {
  // Opposite event types, or one event type asserted and negated, with the same target.
  MATCH (t:Entity)-[:PARTICIPATED_IN {role: 'target'}]->(x:Event)
  WHERE $entity IS NULL OR t.id = $entity
  MATCH (t)-[:PARTICIPATED_IN {role: 'target'}]->(y:Event)
  WHERE x.id < y.id
    AND (any(pair IN opposites WHERE (x.type = pair[0] AND y.type = pair[1]) OR (x.type = pair[1] AND y.type = pair[0]))
         OR (x.type = y.type AND (x.modality = 'negated') <> (y.modality = 'negated')))
  RETURN t, x, y,
         x.type + CASE WHEN x.modality = 'negated' THEN ' (negated)' ELSE '' END AS claim_a,
         y.type + CASE WHEN y.modality = 'negated' THEN ' (negated)' ELSE '' END AS claim_b,
         null AS denial_sentence
  UNION
  // An accusation against t, and t denying an act (a negated event with t as its actor).
  MATCH (t:Entity)-[:PARTICIPATED_IN {role: 'target'}]->(x:Event {type: 'accuse'})
  WHERE ($entity IS NULL OR t.id = $entity) AND coalesce(x.modality, '') <> 'negated'
  MATCH (t)-[:PARTICIPATED_IN {role: 'actor'}]->(y:Event {modality: 'negated'})
  RETURN t, x, y, 'accuse' AS claim_a, y.type + ' (denied)' AS claim_b, null AS denial_sentence
  UNION
  // An accusation whose own sentence reports a denial ("..., a charge the south denies"), after the
  // accusation's first word (so not the accuser's own "denies accusing", which is negated anyway).
  MATCH (t:Entity)-[:PARTICIPATED_IN {role: 'target'}]->(x:Event {type: 'accuse'})
  WHERE ($entity IS NULL OR t.id = $entity) AND coalesce(x.modality, '') <> 'negated'
  MATCH (e:Evidence {fact_id: x.id})
  MATCH (s:Sentence {id: e.sentence_id})
  WITH t, x, s, substring(s.text, e.start - s.start) AS after
  WHERE any(w IN denials WHERE after =~ ('(?is).*\\b' + w + '\\b.*'))
  RETURN t, x, null AS y, 'accuse' AS claim_a, 'denied' AS claim_b, s.text AS denial_sentence
}
WITH DISTINCT t, x, y, claim_a, claim_b, denial_sentence
RETURN t.name AS target, claim_a, claim_b,
       COLLECT { MATCH (a:Entity)-[:PARTICIPATED_IN {role: 'actor'}]->(x) RETURN a.name ORDER BY a.name } AS actors_a,
       CASE WHEN y IS NULL THEN [t.name]
            ELSE COLLECT { MATCH (a:Entity)-[:PARTICIPATED_IN {role: 'actor'}]->(y) RETURN a.name ORDER BY a.name } END AS actors_b,
       COLLECT { MATCH (e:Evidence {fact_id: x.id}) RETURN e.text ORDER BY e.doc_id, e.start LIMIT 3 } AS evidence_a,
       CASE WHEN y IS NULL THEN [denial_sentence]
            ELSE COLLECT { MATCH (e:Evidence {fact_id: y.id}) RETURN e.text ORDER BY e.doc_id, e.start LIMIT 3 } END AS evidence_b,
       x.id AS event_a, y.id AS event_b
ORDER BY target, event_a, event_b
LIMIT $limit
