// What a fact id names: a domain node (entity, statement, event) or a fact relationship. Each
// relationship type is looked up on its own so the relationship-id indexes can serve it.
CALL () {
  MATCH (n:Entity {id: $id}) RETURN 'node' AS kind, labels(n) AS labels, n {.*} AS props, null AS rel_type, null AS source, null AS target
  UNION
  MATCH (n:Statement {id: $id}) RETURN 'node' AS kind, labels(n) AS labels, n {.*} AS props, null AS rel_type, null AS source, null AS target
  UNION
  MATCH (n:Event {id: $id}) RETURN 'node' AS kind, labels(n) AS labels, n {.*} AS props, null AS rel_type, null AS source, null AS target
  UNION
  MATCH (s)-[r:HOLDS_OFFICE {id: $id}]->(t) RETURN 'relationship' AS kind, [] AS labels, properties(r) AS props, type(r) AS rel_type, s {.id, .name, .title, .text, .type} AS source, t {.id, .name, .title, .text, .type} AS target
  UNION
  MATCH (s)-[r:OFFICE_OF {id: $id}]->(t) RETURN 'relationship' AS kind, [] AS labels, properties(r) AS props, type(r) AS rel_type, s {.id, .name, .title, .text, .type} AS source, t {.id, .name, .title, .text, .type} AS target
  UNION
  MATCH (s)-[r:BORDER_OF {id: $id}]->(t) RETURN 'relationship' AS kind, [] AS labels, properties(r) AS props, type(r) AS rel_type, s {.id, .name, .title, .text, .type} AS source, t {.id, .name, .title, .text, .type} AS target
  UNION
  MATCH (s)-[r:SAID {id: $id}]->(t) RETURN 'relationship' AS kind, [] AS labels, properties(r) AS props, type(r) AS rel_type, s {.id, .name, .title, .text, .type} AS source, t {.id, .name, .title, .text, .type} AS target
  UNION
  MATCH (s)-[r:ABOUT {id: $id}]->(t) RETURN 'relationship' AS kind, [] AS labels, properties(r) AS props, type(r) AS rel_type, s {.id, .name, .title, .text, .type} AS source, t {.id, .name, .title, .text, .type} AS target
  UNION
  MATCH (s)-[r:PARTICIPATED_IN {id: $id}]->(t) RETURN 'relationship' AS kind, [] AS labels, properties(r) AS props, type(r) AS rel_type, s {.id, .name, .title, .text, .type} AS source, t {.id, .name, .title, .text, .type} AS target
  UNION
  MATCH (s)-[r:MEMBER_OF {id: $id}]->(t) RETURN 'relationship' AS kind, [] AS labels, properties(r) AS props, type(r) AS rel_type, s {.id, .name, .title, .text, .type} AS source, t {.id, .name, .title, .text, .type} AS target
  UNION
  MATCH (s)-[r:PART_OF {id: $id}]->(t) RETURN 'relationship' AS kind, [] AS labels, properties(r) AS props, type(r) AS rel_type, s {.id, .name, .title, .text, .type} AS source, t {.id, .name, .title, .text, .type} AS target
  UNION
  MATCH (s)-[r:ALLIED_WITH {id: $id}]->(t) RETURN 'relationship' AS kind, [] AS labels, properties(r) AS props, type(r) AS rel_type, s {.id, .name, .title, .text, .type} AS source, t {.id, .name, .title, .text, .type} AS target
}
RETURN kind, labels, props, rel_type, source, target
LIMIT 1
