// Full-text search over entity names/aliases and statement text. $lucene is built by
// app/graph/search.py from the user's words (escaped, folded and as prefixes); $types may be null.
CALL db.index.fulltext.queryNodes($index, $lucene, {limit: $fetch}) YIELD node, score
WHERE (node:Entity OR node:Statement)
  AND ($types IS NULL OR any(l IN labels(node) WHERE l IN $types))
RETURN node.id AS id, labels(node) AS labels, node.name AS name, node.title AS title,
       node.text AS text, coalesce(node.aliases, []) AS aliases, score
ORDER BY score DESC, id
LIMIT $limit
