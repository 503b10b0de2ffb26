// What each fact a document's evidence supports says, so a span's fact list can name it
// ("Padrino Lopez SAID “...”") instead of a bare type. $relationship_ids: the document's relationship
// facts, found from the nodes its evidence supports (a relationship's two ends are always among them,
// so no scan of all relationships); $node_ids: its statements and events.
CALL () {
  MATCH (:Evidence {doc_id: $id})-[:SUPPORTS]->(x)
  WITH DISTINCT x
  MATCH (x)-[r]-()
  WHERE r.id IN $relationship_ids
  WITH DISTINCT r
  WITH r, startNode(r) AS s, endNode(r) AS t
  RETURN r.id AS fact_id, type(r) AS type,
         s {.id, .name, .title, .text, .type, .date, labels: labels(s)} AS source,
         t {.id, .name, .title, .text, .type, .date, labels: labels(t)} AS target,
         [] AS participants
  UNION
  MATCH (n:Statement) WHERE n.id IN $node_ids
  OPTIONAL MATCH (sp)-[:SAID]->(n)
  WITH n, head(collect(sp)) AS sp
  RETURN n.id AS fact_id, 'SAID' AS type,
         CASE WHEN sp IS NULL THEN null ELSE sp {.id, .name, .title, labels: labels(sp)} END AS source,
         n {.id, .text, labels: labels(n)} AS target, [] AS participants
  UNION
  MATCH (n:Event) WHERE n.id IN $node_ids
  RETURN n.id AS fact_id, 'Event' AS type, null AS source,
         n {.id, .type, .date, .modality, labels: labels(n)} AS target,
         COLLECT { MATCH (p)-[pi:PARTICIPATED_IN]->(n)
                   RETURN p {.id, .name, .title, role: pi.role, labels: labels(p)} ORDER BY pi.role, p.id } AS participants
}
RETURN fact_id, type, source, target, participants
