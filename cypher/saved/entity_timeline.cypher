// ---
// name: entity_timeline
// description: Everything dated about one entity in time order - events it took part in, statements it made or that were made about it, offices it took.
// parameters:
//   entity: {type: string, refers_to: entity, required: true, description: "Entity id, e.g. person:gustavo-petro"}
//   limit: {type: integer, default: 200, minimum: 1, maximum: 1000}
// columns: [date, kind, what, detail, id]
// graph: false
// ---
MATCH (n:Entity {id: $entity})
CALL (n) {
  MATCH (n)-[pi:PARTICIPATED_IN]->(ev:Event)
  RETURN ev.date AS date, 'event' AS kind, ev.type AS what, pi.role + ', ' + ev.modality AS detail, ev.id AS id
  UNION
  MATCH (n)-[:SAID]->(s:Statement)
  RETURN s.date AS date, 'said' AS kind, s.kind AS what, s.text AS detail, s.id AS id
  UNION
  MATCH (s:Statement)-[:ABOUT]->(n)
  RETURN s.date AS date, 'said about' AS kind, s.kind AS what, s.text AS detail, s.id AS id
  UNION
  MATCH (n)-[h:HOLDS_OFFICE]->(o:Office)
  RETURN h.valid_from AS date, 'office' AS kind, coalesce(o.title, o.name) AS what,
         coalesce(h.valid_from, '?') + ' - ' + coalesce(h.valid_to, '') AS detail, h.id AS id
}
RETURN date, kind, what, detail, id
ORDER BY date IS NULL, date, kind, id
LIMIT $limit
