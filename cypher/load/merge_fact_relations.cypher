// Fact relationships between entities, merged on their deterministic id. One branch per type from
// the fixed list (importers/graph_schema.py): a type cannot be a parameter. World time
// (valid_from/valid_to): when documents disagree the smallest (earliest) value wins, whatever the
// load order (see merge_entities); system time is first_seen/last_seen.
UNWIND $rows AS row
MATCH (s:Entity {id: row.source})
MATCH (t:Entity {id: row.target})
FOREACH (_ IN CASE WHEN row.type = 'HOLDS_OFFICE' THEN [1] ELSE [] END |
  MERGE (s)-[r:HOLDS_OFFICE {id: row.id}]->(t)
  ON CREATE SET r.first_seen = $now
  SET r.last_seen = $now,
      r.valid_from = CASE WHEN row.valid_from < r.valid_from OR r.valid_from IS NULL THEN row.valid_from ELSE r.valid_from END,
      r.valid_to = CASE WHEN row.valid_to < r.valid_to OR r.valid_to IS NULL THEN row.valid_to ELSE r.valid_to END,
      r.properties = CASE WHEN row.properties < r.properties OR r.properties IS NULL THEN row.properties ELSE r.properties END)
FOREACH (_ IN CASE WHEN row.type = 'MEMBER_OF' THEN [1] ELSE [] END |
  MERGE (s)-[r:MEMBER_OF {id: row.id}]->(t)
  ON CREATE SET r.first_seen = $now
  SET r.last_seen = $now,
      r.valid_from = CASE WHEN row.valid_from < r.valid_from OR r.valid_from IS NULL THEN row.valid_from ELSE r.valid_from END,
      r.valid_to = CASE WHEN row.valid_to < r.valid_to OR r.valid_to IS NULL THEN row.valid_to ELSE r.valid_to END,
      r.properties = CASE WHEN row.properties < r.properties OR r.properties IS NULL THEN row.properties ELSE r.properties END)
FOREACH (_ IN CASE WHEN row.type = 'PART_OF' THEN [1] ELSE [] END |
  MERGE (s)-[r:PART_OF {id: row.id}]->(t)
  ON CREATE SET r.first_seen = $now
  SET r.last_seen = $now,
      r.valid_from = CASE WHEN row.valid_from < r.valid_from OR r.valid_from IS NULL THEN row.valid_from ELSE r.valid_from END,
      r.valid_to = CASE WHEN row.valid_to < r.valid_to OR r.valid_to IS NULL THEN row.valid_to ELSE r.valid_to END,
      r.properties = CASE WHEN row.properties < r.properties OR r.properties IS NULL THEN row.properties ELSE r.properties END)
FOREACH (_ IN CASE WHEN row.type = 'ALLIED_WITH' THEN [1] ELSE [] END |
  MERGE (s)-[r:ALLIED_WITH {id: row.id}]->(t)
  ON CREATE SET r.first_seen = $now
  SET r.last_seen = $now,
      r.valid_from = CASE WHEN row.valid_from < r.valid_from OR r.valid_from IS NULL THEN row.valid_from ELSE r.valid_from END,
      r.valid_to = CASE WHEN row.valid_to < r.valid_to OR r.valid_to IS NULL THEN row.valid_to ELSE r.valid_to END,
      r.properties = CASE WHEN row.properties < r.properties OR r.properties IS NULL THEN row.properties ELSE r.properties END)
FOREACH (_ IN CASE WHEN row.type = 'OFFICE_OF' THEN [1] ELSE [] END |
  MERGE (s)-[r:OFFICE_OF {id: row.id}]->(t)
  ON CREATE SET r.first_seen = $now
  SET r.last_seen = $now)
FOREACH (_ IN CASE WHEN row.type = 'BORDER_OF' THEN [1] ELSE [] END |
  MERGE (s)-[r:BORDER_OF {id: row.id}]->(t)
  ON CREATE SET r.first_seen = $now
  SET r.last_seen = $now)
