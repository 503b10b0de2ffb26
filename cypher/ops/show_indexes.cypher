SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, state, options
WHERE type <> 'LOOKUP'
RETURN name, type, entityType, labelsOrTypes, properties, state, options ORDER BY name
