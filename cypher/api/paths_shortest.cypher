// All shortest paths between two entities over domain nodes (entities, statements, events),
// ignoring direction. The quantifier's upper bound must be a literal: 6 is the API's hard cap and
// $max_hops (1..6) filters below it. Hub nodes listed in $exclude are never passed through.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = ALL SHORTEST (a)(()-[r]-(x) WHERE type(r) IN $types AND NOT x.id IN $exclude
                           AND (x:Entity OR x:Statement OR x:Event)){1,6}(b)
WHERE length(p) <= $max_hops
WITH p LIMIT $limit
RETURN [n IN nodes(p) | {id: n.id, labels: labels(n), name: n.name, title: n.title, text: n.text,
                         type: n.type, date: n.date, modality: n.modality,
                         participants: CASE WHEN n:Event
                           THEN [(who:Entity)-[:PARTICIPATED_IN]->(n) | coalesce(who.name, who.title, who.id)] END}] AS nodes,
       [r IN relationships(p) | {id: r.id, type: type(r), source: startNode(r).id, target: endNode(r).id,
                                 props: r {.valid_from, .valid_to, .role}}] AS rels
