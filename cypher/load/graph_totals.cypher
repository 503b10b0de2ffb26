// Total nodes and relationships (without the schema's own version node).
CALL () { MATCH (n) WHERE NOT n:SchemaVersion RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
