// What a saved-query parameter that names an entity may mean (app/graph/saved_queries.py
// resolve_params): the entity with that id, a country with that ISO3/ISO2 code, and every entity
// whose name, title or an alias is $ref (case-insensitive; candidates from the full-text index, $lucene).
// $types restricts the labels (null = any entity). Several rows: the name is ambiguous.
CALL () {
  MATCH (n:Entity {id: $ref})
  RETURN n
  UNION
  MATCH (n:Country) WHERE n.iso3 = toUpper($ref) OR n.iso2 = toUpper($ref)
  RETURN n
  UNION
  CALL db.index.fulltext.queryNodes($index, $lucene, {limit: 50}) YIELD node
  WITH node AS n
  WHERE n:Entity AND (toLower(n.name) = toLower($ref) OR toLower(n.title) = toLower($ref)
                      OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) = toLower($ref)))
  RETURN n
}
WITH n WHERE $types IS NULL OR any(l IN labels(n) WHERE l IN $types)
RETURN n.id AS id, labels(n) AS labels, n.name AS name, n.title AS title, n.id = $ref AS is_id
ORDER BY is_id DESC, id
LIMIT 10
