// Fact relationships between entities, merged on their deterministic id. The relationship type is
// dynamic (Neo4j 5.26); its value comes only from the vocabulary (importers/vocabulary.yaml via
// graph_schema.relation_type / RelType), never from input. World time (valid_from/valid_to): when
// documents disagree the smallest (earliest) value wins, whatever the load order (see
// merge_entities); system time is first_seen/last_seen. Derived facts (OFFICE_OF, BORDER_OF) have
// null world time and properties, which SET leaves absent.
UNWIND $rows AS row
MATCH (s:Entity {id: row.source})
MATCH (t:Entity {id: row.target})
MERGE (s)-[r:$(row.type) {id: row.id}]->(t)
ON CREATE SET r.first_seen = $now
SET r.last_seen = $now,
    r.valid_from = CASE WHEN row.valid_from < r.valid_from OR r.valid_from IS NULL THEN row.valid_from ELSE r.valid_from END,
    r.valid_to = CASE WHEN row.valid_to < r.valid_to OR r.valid_to IS NULL THEN row.valid_to ELSE r.valid_to END,
    r.properties = CASE WHEN row.properties < r.properties OR r.properties IS NULL THEN row.properties ELSE r.properties END
