// Every relationship, named by its end nodes' ids, for the content checksum.
MATCH (a)-[r]->(b)
RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props
