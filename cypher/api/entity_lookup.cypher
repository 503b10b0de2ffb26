// The entities a name or id may mean (`intelgraph entities show`): the entity with that id, the
// entity a document's own id for it was resolved into (entity resolution's records), and every
// entity whose name or alias the full-text index matches (the caller keeps exact name matches).
CALL () {
  MATCH (n:Entity {id: $ref})
  RETURN n, 'id' AS how
  UNION
  MATCH (r:Resolution {written_id: $ref})
  MATCH (n:Entity {id: r.entity_id})
  RETURN n, 'written_id' AS how
  UNION
  CALL db.index.fulltext.queryNodes($index, $lucene, {limit: 50}) YIELD node
  WITH node AS n
  WHERE n:Entity
  RETURN n, 'text' AS how
}
RETURN how, n.id AS id, labels(n) AS labels, n.name AS name, coalesce(n.aliases, []) AS aliases
ORDER BY how, id
