// Fact relationships among $fact_ids that no Evidence supports any more are deleted; their end
// nodes are returned so entities left with nothing can be collected. One branch per fact type
// (importers/graph_schema.py FACT_RELATIONSHIPS) so each uses its relationship-id index.
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
WITH fact_id, r, source, target
WHERE NOT EXISTS { MATCH (:Evidence {fact_id: fact_id}) }
DELETE r
RETURN fact_id, source, target
