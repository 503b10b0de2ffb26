// ---
// name: events_by_type
// description: Events of one type (e.g. restore_diplomatic_ties, sanction, meeting) in a date window, with participants and modality.
// parameters:
//   type: {type: string, required: true, max_length: 100, description: "Event type from the extraction vocabulary"}
//   from: {type: date, description: "earliest date"}
//   to: {type: date, description: "latest date"}
//   limit: {type: integer, default: 100, minimum: 1, maximum: 1000}
// columns: [date, modality, participants, sources, event_id]
// graph: false
// ---
MATCH (ev:Event)
WHERE ev.type = $type
  AND ($from IS NULL OR (ev.date IS NOT NULL AND left(ev.date, size($from)) >= left($from, size(ev.date))))
  AND ($to IS NULL OR (ev.date IS NOT NULL AND left(ev.date, size($to)) <= left($to, size(ev.date))))
RETURN ev.date AS date, ev.modality AS modality,
       COLLECT { MATCH (p:Entity)-[q:PARTICIPATED_IN]->(ev) RETURN p.name + ' (' + q.role + ')' ORDER BY q.role, p.name } AS participants,
       size(COLLECT { MATCH (e:Evidence {fact_id: ev.id}) RETURN DISTINCT e.doc_id }) AS sources,
       ev.id AS event_id
ORDER BY date IS NULL, date, event_id
LIMIT $limit
