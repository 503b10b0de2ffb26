// The k shortest paths between two entities (k <= 20, trimmed to $k), same rules as paths_shortest.
// SHORTEST takes a literal count, so the query asks for the cap and LIMIT keeps $k. Paths that
// visit a node twice (possible: shortest paths only avoid repeating relationships) are dropped.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = SHORTEST 20 (a)(()-[r]-(x) WHERE type(r) IN $types AND NOT x.id IN $exclude
                          AND (x:Entity OR x:Statement OR x:Event)){1,6}(b)
WHERE length(p) <= $max_hops
  AND all(i IN range(1, size(nodes(p)) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[..i])
WITH p ORDER BY length(p) LIMIT $k
RETURN [n IN nodes(p) | {id: n.id, labels: labels(n), name: n.name, title: n.title, text: n.text,
                         type: n.type, date: n.date, modality: n.modality,
                         participants: CASE WHEN n:Event
                           THEN [(who:Entity)-[:PARTICIPATED_IN]->(n) | coalesce(who.name, who.title, who.id)] END}] AS nodes,
       [r IN relationships(p) | {id: r.id, type: type(r), source: startNode(r).id, target: endNode(r).id,
                                 props: r {.valid_from, .valid_to, .role}}] AS rels
