// ---
// name: tie_timeline
// description: Events between two countries (the countries themselves, their offices, or people holding their offices), in date order; undated events last, each with `not_after`, the publication date of its first report (an undated event happened no later than that).
// parameters:
//   a: {type: string, refers_to: country, required: true, description: "Country id, e.g. country:VEN"}
//   b: {type: string, refers_to: country, required: true, description: "Country id, e.g. country:COL"}
//   from: {type: date, description: "earliest date"}
//   to: {type: date, description: "latest date"}
//   limit: {type: integer, default: 200, minimum: 1, maximum: 1000}
// columns: [date, not_after, event, modality, cameo, participants, sources, event_id]
// graph: false
// ---
MATCH (ca:Country {id: $a}), (cb:Country {id: $b})
CALL (ca) {
  MATCH (x:Entity) WHERE x = ca RETURN x
  UNION MATCH (ca)<-[:OFFICE_OF]-(x:Office) RETURN x
  UNION MATCH (ca)<-[:OFFICE_OF]-(:Office)<-[:HOLDS_OFFICE]-(x:Person) RETURN x
}
WITH cb, collect(x) AS side_a
CALL (cb) {
  MATCH (x:Entity) WHERE x = cb RETURN x
  UNION MATCH (cb)<-[:OFFICE_OF]-(x:Office) RETURN x
  UNION MATCH (cb)<-[:OFFICE_OF]-(:Office)<-[:HOLDS_OFFICE]-(x:Person) RETURN x
}
WITH side_a, collect(x) AS side_b
UNWIND side_a AS x
MATCH (x)-[:PARTICIPATED_IN]->(ev:Event)<-[:PARTICIPATED_IN]-(y)
WHERE y IN side_b
  AND ($from IS NULL OR (ev.date IS NOT NULL AND left(ev.date, size($from)) >= left($from, size(ev.date))))
  AND ($to IS NULL OR (ev.date IS NOT NULL AND left(ev.date, size($to)) <= left($to, size(ev.date))))
WITH DISTINCT ev
RETURN ev.date AS date,
       coalesce(ev.date, COLLECT { MATCH (e:Evidence {fact_id: ev.id}) MATCH (d:Document {id: e.doc_id})
                                   WHERE d.published IS NOT NULL
                                   RETURN d.published ORDER BY d.published LIMIT 1 }[0]) AS not_after,
       ev.type AS event, ev.modality AS modality, ev.cameo AS cameo,
       COLLECT { MATCH (p:Entity)-[q:PARTICIPATED_IN]->(ev) RETURN p.name + ' (' + q.role + ')' ORDER BY q.role, p.name } AS participants,
       size(COLLECT { MATCH (e:Evidence {fact_id: ev.id}) RETURN DISTINCT e.doc_id }) AS sources,
       ev.id AS event_id
ORDER BY date IS NULL, date, not_after, event_id
LIMIT $limit
