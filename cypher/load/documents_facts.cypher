// Everything one document's evidence supports: entities it mentions, node facts and fact
// relationships (one branch per type, see importers/graph_schema.py), with evidence counts.
MATCH (e:Evidence {doc_id: $doc_id})
WITH e.fact_id AS fact_id, e.fact_kind AS kind, e.fact_type AS type, count(*) AS evidence,
     min(e.sentence_index) AS first_sentence
CALL (fact_id, kind) {
  MATCH (n:Entity {id: fact_id}) WHERE kind = 'mention' RETURN n.name AS subject, null AS object
  UNION
  MATCH (n:Statement {id: fact_id}) RETURN n.text AS subject, null AS object
  UNION
  MATCH (n:Event {id: fact_id}) RETURN n.type AS subject, n.date AS object
  UNION
  MATCH (s)-[:HOLDS_OFFICE {id: fact_id}]->(t) RETURN s.name AS subject, t.name AS object
  UNION
  MATCH (s)-[:MEMBER_OF {id: fact_id}]->(t) RETURN s.name AS subject, t.name AS object
  UNION
  MATCH (s)-[:PART_OF {id: fact_id}]->(t) RETURN s.name AS subject, t.name AS object
  UNION
  MATCH (s)-[:ALLIED_WITH {id: fact_id}]->(t) RETURN s.name AS subject, t.name AS object
  UNION
  MATCH (s)-[:OFFICE_OF {id: fact_id}]->(t) RETURN s.name AS subject, t.name AS object
  UNION
  MATCH (s)-[:BORDER_OF {id: fact_id}]->(t) RETURN s.name AS subject, t.name AS object
  UNION
  MATCH (s)-[:SAID {id: fact_id}]->(t) RETURN s.name AS subject, t.text AS object
  UNION
  MATCH (s)-[:ABOUT {id: fact_id}]->(t) RETURN s.text AS subject, t.name AS object
  UNION
  MATCH (s)-[:PARTICIPATED_IN {id: fact_id}]->(t) RETURN s.name AS subject, t.type AS object
}
RETURN fact_id, kind, type, evidence, first_sentence, subject, object
ORDER BY first_sentence, kind, type, fact_id
