// ---
// name: who_said_what
// description: Who said what about whom. Filter by speaker and/or subject (entity ids); both optional.
// parameters:
//   speaker: {type: string, refers_to: entity, description: "Speaker entity id, e.g. person:ivan-duque"}
//   about: {type: string, refers_to: entity, description: "Subject entity id, e.g. person:nicolas-maduro"}
//   limit: {type: integer, default: 100, minimum: 1, maximum: 1000}
// columns: [speaker, statement, kind, channel, date, about, sources, statement_id]
// graph: false
// ---
MATCH (s:Statement)
WHERE ($speaker IS NULL OR EXISTS { (:Entity {id: $speaker})-[:SAID]->(s) })
  AND ($about IS NULL OR EXISTS { (s)-[:ABOUT]->(:Entity {id: $about}) })
OPTIONAL MATCH (sp:Entity)-[:SAID]->(s)
RETURN sp.name AS speaker, s.text AS statement, s.kind AS kind, s.channel AS channel, s.date AS date,
       COLLECT { MATCH (s)-[:ABOUT]->(a:Entity) RETURN a.name ORDER BY a.name } AS about,
       size(COLLECT { MATCH (e:Evidence {fact_id: s.id}) RETURN DISTINCT e.doc_id }) AS sources,
       s.id AS statement_id
ORDER BY date, speaker, statement_id
LIMIT $limit
