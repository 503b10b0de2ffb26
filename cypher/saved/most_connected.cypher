// ---
// name: most_connected
// description: Actors with the most fact relationships (offices, statements, events, memberships), optionally of one type.
// parameters:
//   type: {type: string, enum: [Person, Organization, Country, Office, Border], description: "entity type"}
//   limit: {type: integer, default: 25, minimum: 1, maximum: 500}
// columns: [id, name, type, degree, statements, events, documents]
// graph: false
// ---
MATCH (n:Entity)
WHERE $type IS NULL OR $type IN labels(n)
WITH n, COUNT { (n)-[:HOLDS_OFFICE|OFFICE_OF|BORDER_OF|SAID|ABOUT|PARTICIPATED_IN|MEMBER_OF|PART_OF|ALLIED_WITH]-() } AS degree
ORDER BY degree DESC, n.id
LIMIT $limit
RETURN n.id AS id, n.name AS name, [l IN labels(n) WHERE l <> 'Entity'][0] AS type, degree,
       COUNT { (n)-[:SAID]->() } AS statements,
       COUNT { (n)-[:PARTICIPATED_IN]->() } AS events,
       size(COLLECT { MATCH (e:Evidence)-[:SUPPORTS]->(n) RETURN DISTINCT e.doc_id }) AS documents
