// After `intelgraph import --bulk` (importers/bulk.py): what neo4j-admin's CSV files cannot say.
// The importer writes no empty arrays, and the online loader (merge_entities) keeps an entity
// without aliases as `aliases: []`. Idempotent: only entities still without the property.
MATCH (n:Entity) WHERE n.aliases IS NULL
SET n.aliases = []
