// Bilateral ties between countries $a and $b. A side is the country itself, its offices, and the
// people who held one of its offices. Returns the events with participants on both sides, the
// statements by one side about the other, and the borders between the two. Each event carries its
// evidence with the publication date of its document: the latest bound of an undated event.
MATCH (ca:Country {id: $a}), (cb:Country {id: $b})
CALL (ca) {
  MATCH (x:Entity) WHERE x = ca RETURN x
  UNION
  MATCH (ca)<-[:OFFICE_OF]-(x:Office) RETURN x
  UNION
  MATCH (ca)<-[:OFFICE_OF]-(:Office)<-[:HOLDS_OFFICE]-(x:Person) RETURN x
}
WITH ca, cb, collect(x) AS side_a
CALL (cb) {
  MATCH (x:Entity) WHERE x = cb RETURN x
  UNION
  MATCH (cb)<-[:OFFICE_OF]-(x:Office) RETURN x
  UNION
  MATCH (cb)<-[:OFFICE_OF]-(:Office)<-[:HOLDS_OFFICE]-(x:Person) RETURN x
}
WITH ca, cb, side_a, collect(x) AS side_b
CALL (side_a, side_b) {
  UNWIND side_a AS x
  MATCH (x)-[:PARTICIPATED_IN]->(ev:Event)<-[:PARTICIPATED_IN]-(y)
  WHERE y IN side_b
  WITH DISTINCT ev
  RETURN collect({
    id: ev.id, type: ev.type, cameo: ev.cameo, modality: ev.modality, date: ev.date,
    participants: COLLECT { MATCH (p:Entity)-[q:PARTICIPATED_IN]->(ev)
                            RETURN {id: p.id, labels: labels(p), name: p.name, title: p.title, role: q.role} },
    sources: size(COLLECT { MATCH (e:Evidence {fact_id: ev.id}) RETURN DISTINCT e.doc_id }),
    evidence: COLLECT { MATCH (e:Evidence {fact_id: ev.id})
                        OPTIONAL MATCH (d:Document {id: e.doc_id})
                        RETURN {doc_id: e.doc_id, doc_title: d.title, published: d.published, text: e.text}
                        ORDER BY d.published, e.doc_id, e.start }}) AS events
}
CALL (side_a, side_b) {
  UNWIND side_a + side_b AS x
  MATCH (x)-[:SAID]->(s:Statement)-[:ABOUT]->(y)
  WHERE (x IN side_a AND y IN side_b) OR (x IN side_b AND y IN side_a)
  WITH DISTINCT x, s
  RETURN collect({
    id: s.id, text: s.text, kind: s.kind, channel: s.channel, date: s.date,
    speaker: {id: x.id, labels: labels(x), name: x.name, title: x.title},
    about: COLLECT { MATCH (s)-[:ABOUT]->(t:Entity) RETURN {id: t.id, labels: labels(t), name: t.name, title: t.title} },
    sources: size(COLLECT { MATCH (e:Evidence {fact_id: s.id}) RETURN DISTINCT e.doc_id })}) AS statements
}
RETURN ca {.id, .name, .iso2, .iso3} AS a, cb {.id, .name, .iso2, .iso3} AS b, events, statements,
  COLLECT {
    MATCH (ca)<-[:BORDER_OF]-(bd:Border)-[:BORDER_OF]->(cb)
    RETURN {id: bd.id, name: bd.name, length_km: bd.length_km, length_mi: bd.length_mi,
            sources: size(COLLECT { MATCH (e:Evidence)-[:SUPPORTS]->(bd) RETURN DISTINCT e.doc_id })}
  } AS borders
