// Entities among $entity_ids with no relationship left (no mention evidence, no fact) are deleted.
UNWIND $entity_ids AS entity_id
MATCH (n:Entity {id: entity_id})
WHERE NOT EXISTS { MATCH (n)--() }
DELETE n
RETURN entity_id
