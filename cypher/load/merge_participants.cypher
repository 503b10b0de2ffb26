// Event participants with their role; the id includes the role.
UNWIND $rows AS row
MATCH (e:Entity {id: row.entity})
MATCH (ev:Event {id: row.event})
MERGE (e)-[r:PARTICIPATED_IN {id: row.id}]->(ev)
ON CREATE SET r.first_seen = $now
SET r.last_seen = $now, r.role = row.role
