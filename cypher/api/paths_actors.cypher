// Paths between two entities for the actor view (app/graph/actors.py collapses each into the
// sequence of its entities). Up to 20 shortest paths (SHORTEST takes a literal; LIMIT keeps
// $limit) over the relationships that make actor-to-actor links: participation in an event,
// a statement's speaker and what it is about, and facts of a type in $direct_types. Two entities
// a statement is only about are not linked by it (no ABOUT next to ABOUT). $max_hops counts graph
// hops (an event or statement takes two); the literal 12 is twice the API's cap of 6 actor hops.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = SHORTEST 20 (a)(()-[r]-(x) WHERE (type(r) IN ['PARTICIPATED_IN', 'SAID', 'ABOUT']
                                             OR type(r) IN $direct_types)
                                        AND NOT x.id IN $exclude
                                        AND (x:Entity OR x:Statement OR x:Event)){1,12}(b)
WHERE length(p) <= $max_hops
  AND all(i IN range(1, size(nodes(p)) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[..i])
  AND all(i IN range(0, size(relationships(p)) - 2)
          WHERE NOT (type(relationships(p)[i]) = 'ABOUT' AND type(relationships(p)[i + 1]) = 'ABOUT'))
WITH p ORDER BY length(p) LIMIT $limit
RETURN [n IN nodes(p) WHERE n:Entity | n.id] AS actors
