// Statements filtered by speaker, about-entity, kind, date window and text, in id order with
// keyset pagination. The branch that starts from the speaker or the about-entity avoids a scan.
CALL () {
  MATCH (:Entity {id: $speaker})-[:SAID]->(s:Statement) WHERE $speaker IS NOT NULL RETURN s
  UNION
  MATCH (:Entity {id: $about})<-[:ABOUT]-(s:Statement) WHERE $speaker IS NULL AND $about IS NOT NULL RETURN s
  UNION
  MATCH (s:Statement) WHERE $speaker IS NULL AND $about IS NULL RETURN s
}
WITH s
WHERE ($after IS NULL OR s.id > $after)
  AND ($kind IS NULL OR s.kind = $kind)
  AND ($about IS NULL OR EXISTS { (s)-[:ABOUT]->(:Entity {id: $about}) })
  AND ($from IS NULL OR (s.date IS NOT NULL AND left(s.date, size($from)) >= left($from, size(s.date))))
  AND ($to IS NULL OR (s.date IS NOT NULL AND left(s.date, size($to)) <= left($to, size(s.date))))
  AND ($q IS NULL OR toLower(s.text) CONTAINS toLower($q))
WITH s ORDER BY s.id LIMIT $limit
OPTIONAL MATCH (sp:Entity)-[:SAID]->(s)
RETURN {id: s.id, text: s.text, kind: s.kind, channel: s.channel, date: s.date,
        speaker_id: sp.id, speaker_labels: labels(sp), speaker_name: sp.name,
        about: COLLECT { MATCH (s)-[:ABOUT]->(a:Entity) RETURN {id: a.id, labels: labels(a), name: a.name, title: a.title} },
        sources: size(COLLECT { MATCH (e:Evidence {fact_id: s.id}) RETURN DISTINCT e.doc_id })} AS statement
ORDER BY statement.id
