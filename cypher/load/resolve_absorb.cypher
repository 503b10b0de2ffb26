// A lone-name person (row.from, e.g. "Ruiz" loaded before any full name) absorbed into the
// full-name person it now resolves to (row.to): every relationship of `from` is re-created on `to`
// with the same type and properties (fact ids kept, so their evidence still finds them), its mention
// evidence cites `to`, statements it spoke name `to` as speaker, its names become aliases of `to`,
// and `from` is deleted. Relationship types come from the graph itself (type(r)), never from input.
UNWIND $rows AS row
MATCH (old:Person {id: row.from})
MATCH (new:Person {id: row.to})
CALL (old, new) {
  MATCH (old)-[r]->(m)
  WITH r, type(r) AS t, properties(r) AS props, CASE WHEN m = old THEN new ELSE m END AS m
  DELETE r
  WITH t, props, m
  CREATE (new)-[moved:$(t)]->(m)
  SET moved = props
}
CALL (old, new) {
  MATCH (m)-[r]->(old)
  WITH r, type(r) AS t, properties(r) AS props, m
  DELETE r
  WITH t, props, m
  CREATE (m)-[moved:$(t)]->(new)
  SET moved = props
}
CALL (old, new) {
  MATCH (e:Evidence {fact_id: old.id})
  SET e.fact_id = new.id
}
CALL (old, new) {
  MATCH (s:Statement {speaker: old.id})
  SET s.speaker = new.id
}
CALL (old, new) {
  MATCH (r:Resolution {entity_id: old.id})
  SET r.entity_id = new.id
}
SET new.aliases = COLLECT {
      UNWIND coalesce(new.aliases, []) + coalesce(old.aliases, []) + [old.name] AS alias
      WITH DISTINCT alias WHERE alias <> new.name
      RETURN alias ORDER BY alias
    },
    new.first_seen = CASE WHEN old.first_seen < new.first_seen THEN old.first_seen ELSE new.first_seen END
SET new.search_text = reduce(text = new.name, alias IN new.aliases | text + ' | ' + alias)
DETACH DELETE old
RETURN row.from AS absorbed
