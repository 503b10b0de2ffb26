// Test helper (clean_neo4j fixture): remove all data but keep the schema and its version node.
MATCH (n) WHERE NOT n:SchemaVersion
DETACH DELETE n
