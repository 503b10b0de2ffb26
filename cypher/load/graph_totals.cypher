// Total nodes and relationships (without the schema's version node and the generation counter).
CALL () { MATCH (n) WHERE NOT n:SchemaVersion AND NOT n:Meta RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
