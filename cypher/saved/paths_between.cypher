// ---
// name: paths_between
// description: All shortest paths between two actors over entities, statements and events (at most 6 hops), for drawing.
// parameters:
//   from: {type: string, refers_to: entity, required: true, description: "Entity id, e.g. person:vladimir-padrino-lopez"}
//   to: {type: string, refers_to: entity, required: true, description: "Entity id, e.g. person:ivan-velasquez"}
//   max_hops: {type: integer, default: 4, minimum: 1, maximum: 6}
//   limit: {type: integer, default: 10, minimum: 1, maximum: 100}
// columns: [hops, path, through]
// graph: true
// ---
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = ALL SHORTEST (a)(()-[r:HOLDS_OFFICE|OFFICE_OF|BORDER_OF|SAID|ABOUT|PARTICIPATED_IN|MEMBER_OF|PART_OF|ALLIED_WITH]-(x)
                           WHERE x:Entity OR x:Statement OR x:Event){1,6}(b)
WHERE length(p) <= $max_hops
RETURN length(p) AS hops, p AS path,
       [n IN nodes(p)[1..-1] | coalesce(n.name, n.type, left(n.text, 60))] AS through
LIMIT $limit
