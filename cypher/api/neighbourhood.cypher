// Ego network of one entity, breadth-first to $depth (1..3) over domain nodes only.
// Each level expands the previous level's new nodes; $limit caps the nodes kept per level so a hub
// (a country with thousands of events) cannot blow up the result. A node or edge is kept when its
// type is allowed and its time (relationship validity, event/statement date) overlaps
// [$from, $to]; undated facts are kept. Partial dates compare at their common precision.
// An event node carries the names of its participants (the explorer's label shows them).
MATCH (c:Entity {id: $id})
CALL (c) {
  MATCH (c)-[r]-(m)
  WHERE type(r) IN $rel_types
    AND any(l IN labels(m) WHERE l IN $node_types)
    AND ($from IS NULL OR r.valid_to IS NULL OR left(r.valid_to, size($from)) >= left($from, size(r.valid_to)))
    AND ($to IS NULL OR r.valid_from IS NULL OR left(r.valid_from, size($to)) <= left($to, size(r.valid_from)))
    AND ($from IS NULL OR m.date IS NULL OR left(m.date, size($from)) >= left($from, size(m.date)))
    AND ($to IS NULL OR m.date IS NULL OR left(m.date, size($to)) <= left($to, size(m.date)))
  WITH r, m LIMIT $edge_cap
  RETURN collect(DISTINCT m)[..$limit] AS n1, collect(r) AS r1
}
CALL (c, n1) {
  UNWIND CASE WHEN $depth >= 2 THEN n1 ELSE [] END AS x
  MATCH (x)-[r]-(m)
  WHERE m <> c AND type(r) IN $rel_types
    AND any(l IN labels(m) WHERE l IN $node_types)
    AND ($from IS NULL OR r.valid_to IS NULL OR left(r.valid_to, size($from)) >= left($from, size(r.valid_to)))
    AND ($to IS NULL OR r.valid_from IS NULL OR left(r.valid_from, size($to)) <= left($to, size(r.valid_from)))
    AND ($from IS NULL OR m.date IS NULL OR left(m.date, size($from)) >= left($from, size(m.date)))
    AND ($to IS NULL OR m.date IS NULL OR left(m.date, size($to)) <= left($to, size(m.date)))
  WITH r, m LIMIT $edge_cap
  WITH collect(DISTINCT m) AS ms, collect(r) AS r2
  RETURN [m IN ms WHERE NOT m IN n1][..$limit] AS n2, r2
}
CALL (c, n1, n2) {
  UNWIND CASE WHEN $depth >= 3 THEN n2 ELSE [] END AS x
  MATCH (x)-[r]-(m)
  WHERE m <> c AND type(r) IN $rel_types
    AND any(l IN labels(m) WHERE l IN $node_types)
    AND ($from IS NULL OR r.valid_to IS NULL OR left(r.valid_to, size($from)) >= left($from, size(r.valid_to)))
    AND ($to IS NULL OR r.valid_from IS NULL OR left(r.valid_from, size($to)) <= left($to, size(r.valid_from)))
    AND ($from IS NULL OR m.date IS NULL OR left(m.date, size($from)) >= left($from, size(m.date)))
    AND ($to IS NULL OR m.date IS NULL OR left(m.date, size($to)) <= left($to, size(m.date)))
  WITH r, m LIMIT $edge_cap
  WITH collect(DISTINCT m) AS ms, collect(r) AS r3
  RETURN [m IN ms WHERE NOT m IN n1 AND NOT m IN n2][..$limit] AS n3, r3
}
WITH c, [c] + n1 + n2 + n3 AS nodes, r1 + r2 + r3 AS rels,
     size(n1) >= $limit OR size(n2) >= $limit OR size(n3) >= $limit AS level_full
WITH c, nodes[..$limit + 1] AS nodes, rels, level_full OR size(nodes) > $limit + 1 AS truncated
WITH c, nodes, truncated,
     [r IN rels WHERE startNode(r) IN nodes AND endNode(r) IN nodes] AS rels
CALL (rels) {
  UNWIND rels AS r
  WITH DISTINCT r
  RETURN collect({id: r.id, type: type(r), source: startNode(r).id, target: endNode(r).id,
                  props: r {.valid_from, .valid_to, .role},
                  sources: size(COLLECT { MATCH (e:Evidence {fact_id: r.id}) RETURN DISTINCT e.doc_id })}) AS edges
}
RETURN c.id AS center, truncated,
  [n IN nodes | {id: n.id, labels: labels(n), props: n {.name, .title, .text, .type, .date, .modality,
                  .kind, .iso3, .iso2, .length_km, .length_mi, .cameo, .channel, .jurisdiction,
                  participants: CASE WHEN n:Event
                    THEN [(who:Entity)-[:PARTICIPATED_IN]->(n) | coalesce(who.name, who.title, who.id)] END}}] AS nodes,
  edges
