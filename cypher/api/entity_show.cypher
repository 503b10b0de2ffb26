// One canonical entity as entity resolution sees it (`intelgraph entities show`): its names, the
// documents that mention it with the names each wrote, and the resolution records that joined
// written names to it (with score, reason, rule and time).
MATCH (n:Entity {id: $id})
CALL (n) {
  MATCH (e:Evidence {fact_id: n.id, fact_kind: 'mention'})
  WITH e.doc_id AS doc_id, collect(DISTINCT e.text) AS written
  MATCH (d:Document {id: doc_id})
  WITH d, written ORDER BY d.published, d.id
  RETURN collect({id: d.id, title: d.title, published: d.published, url: d.url, written: written}) AS documents
}
CALL (n) {
  MATCH (r:Resolution {entity_id: n.id})
  WITH r ORDER BY r.decided_at, r.id
  RETURN collect(r {.doc_id, .written_id, .written_name, .decision, .score, .rule, .reason, .candidates,
                    .candidate_scores, .status, .decided_at}) AS resolutions
}
RETURN n.id AS id, labels(n) AS labels, n.name AS name, coalesce(n.aliases, []) AS aliases,
       documents, resolutions
