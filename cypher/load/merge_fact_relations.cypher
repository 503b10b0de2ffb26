// Fact relationships between entities, merged on their deterministic id. One branch per type from
// the fixed list (importers/graph_schema.py): a type cannot be a parameter. World time
// (valid_from/valid_to) keeps the first non-null value; system time is first_seen/last_seen.
UNWIND $rows AS row
MATCH (s:Entity {id: row.source})
MATCH (t:Entity {id: row.target})
FOREACH (_ IN CASE WHEN row.type = 'HOLDS_OFFICE' THEN [1] ELSE [] END |
  MERGE (s)-[r:HOLDS_OFFICE {id: row.id}]->(t)
  ON CREATE SET r.first_seen = $now
  SET r.last_seen = $now, r.valid_from = coalesce(r.valid_from, row.valid_from),
      r.valid_to = coalesce(r.valid_to, row.valid_to), r.properties = coalesce(r.properties, row.properties))
FOREACH (_ IN CASE WHEN row.type = 'MEMBER_OF' THEN [1] ELSE [] END |
  MERGE (s)-[r:MEMBER_OF {id: row.id}]->(t)
  ON CREATE SET r.first_seen = $now
  SET r.last_seen = $now, r.valid_from = coalesce(r.valid_from, row.valid_from),
      r.valid_to = coalesce(r.valid_to, row.valid_to), r.properties = coalesce(r.properties, row.properties))
FOREACH (_ IN CASE WHEN row.type = 'PART_OF' THEN [1] ELSE [] END |
  MERGE (s)-[r:PART_OF {id: row.id}]->(t)
  ON CREATE SET r.first_seen = $now
  SET r.last_seen = $now, r.valid_from = coalesce(r.valid_from, row.valid_from),
      r.valid_to = coalesce(r.valid_to, row.valid_to), r.properties = coalesce(r.properties, row.properties))
FOREACH (_ IN CASE WHEN row.type = 'ALLIED_WITH' THEN [1] ELSE [] END |
  MERGE (s)-[r:ALLIED_WITH {id: row.id}]->(t)
  ON CREATE SET r.first_seen = $now
  SET r.last_seen = $now, r.valid_from = coalesce(r.valid_from, row.valid_from),
      r.valid_to = coalesce(r.valid_to, row.valid_to), r.properties = coalesce(r.properties, row.properties))
FOREACH (_ IN CASE WHEN row.type = 'OFFICE_OF' THEN [1] ELSE [] END |
  MERGE (s)-[r:OFFICE_OF {id: row.id}]->(t)
  ON CREATE SET r.first_seen = $now
  SET r.last_seen = $now)
FOREACH (_ IN CASE WHEN row.type = 'BORDER_OF' THEN [1] ELSE [] END |
  MERGE (s)-[r:BORDER_OF {id: row.id}]->(t)
  ON CREATE SET r.first_seen = $now
  SET r.last_seen = $now)
