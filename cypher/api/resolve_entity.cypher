// An entity reference that is not an id: exact (case-insensitive) name or alias first, then the
// best full-text match. $types restricts the labels (null = any entity).
CALL () {
  MATCH (n:Entity {id: $ref})
  RETURN n, 100.0 AS score
  UNION
  CALL db.index.fulltext.queryNodes($index, $lucene, {limit: 20}) YIELD node, score
  WITH node AS n, score
  WHERE n:Entity
  RETURN n, score + CASE WHEN toLower(n.name) = toLower($ref)
                          OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) = toLower($ref))
                         THEN 50.0 ELSE 0.0 END AS score
}
WITH n, max(score) AS score
WHERE $types IS NULL OR any(l IN labels(n) WHERE l IN $types)
RETURN n.id AS id, labels(n) AS labels, n.name AS name, n.title AS title, score
ORDER BY score DESC, id
LIMIT 5
