// Who said a statement (SAID) and what it is about (ABOUT), each a fact with its own id.
UNWIND $rows AS row
MATCH (e:Entity {id: row.entity})
MATCH (st:Statement {id: row.statement})
FOREACH (_ IN CASE WHEN row.type = 'SAID' THEN [1] ELSE [] END |
  MERGE (e)-[r:SAID {id: row.id}]->(st)
  ON CREATE SET r.first_seen = $now
  SET r.last_seen = $now)
FOREACH (_ IN CASE WHEN row.type = 'ABOUT' THEN [1] ELSE [] END |
  MERGE (st)-[r:ABOUT {id: row.id}]->(e)
  ON CREATE SET r.first_seen = $now
  SET r.last_seen = $now)
