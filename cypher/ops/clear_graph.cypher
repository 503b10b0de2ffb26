// Test helper (clean_neo4j fixture): remove all data but keep the schema and its version node.
// In batches, so clearing a large graph (an import test loads thousands of documents) stays
// under the server's transaction memory limit. Needs an auto-commit transaction (session.run).
MATCH (n) WHERE NOT n:SchemaVersion
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS
