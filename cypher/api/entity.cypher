// Everything about one entity: offices held (or holders of an office), statements made and about
// it, events it took part in, how many documents mention it. Lists are capped at $cap items.
MATCH (n:Entity {id: $id})
RETURN n {.*} AS node, labels(n) AS labels,
  COLLECT {
    MATCH (n)-[h:HOLDS_OFFICE]->(o:Office)
    OPTIONAL MATCH (o)-[:OFFICE_OF]->(j:Entity)
    RETURN {fact_id: h.id, office_id: o.id, office_title: o.title, office_name: o.name,
            jurisdiction_id: j.id, jurisdiction_name: j.name,
            valid_from: h.valid_from, valid_to: h.valid_to,
            sources: size(COLLECT { MATCH (e:Evidence {fact_id: h.id}) RETURN DISTINCT e.doc_id })}
    ORDER BY h.valid_from, o.id LIMIT $cap
  } AS offices,
  COLLECT {
    MATCH (p:Person)-[h:HOLDS_OFFICE]->(n)
    RETURN {fact_id: h.id, person_id: p.id, person_name: p.name,
            valid_from: h.valid_from, valid_to: h.valid_to,
            sources: size(COLLECT { MATCH (e:Evidence {fact_id: h.id}) RETURN DISTINCT e.doc_id })}
    ORDER BY h.valid_from, p.id LIMIT $cap
  } AS holders,
  COLLECT {
    MATCH (n)-[:SAID]->(s:Statement)
    RETURN {id: s.id, text: s.text, kind: s.kind, channel: s.channel, date: s.date,
            speaker_id: n.id, speaker_labels: labels(n), speaker_name: n.name,
            about: COLLECT { MATCH (s)-[:ABOUT]->(a:Entity) RETURN {id: a.id, labels: labels(a), name: a.name, title: a.title} },
            sources: size(COLLECT { MATCH (e:Evidence {fact_id: s.id}) RETURN DISTINCT e.doc_id })}
    ORDER BY s.date, s.id LIMIT $cap
  } AS said,
  COLLECT {
    MATCH (s:Statement)-[:ABOUT]->(n)
    OPTIONAL MATCH (sp:Entity)-[:SAID]->(s)
    RETURN {id: s.id, text: s.text, kind: s.kind, channel: s.channel, date: s.date,
            speaker_id: sp.id, speaker_labels: labels(sp), speaker_name: sp.name,
            about: COLLECT { MATCH (s)-[:ABOUT]->(a:Entity) RETURN {id: a.id, labels: labels(a), name: a.name, title: a.title} },
            sources: size(COLLECT { MATCH (e:Evidence {fact_id: s.id}) RETURN DISTINCT e.doc_id })}
    ORDER BY s.date, s.id LIMIT $cap
  } AS said_about,
  COLLECT {
    MATCH (n)-[pi:PARTICIPATED_IN]->(ev:Event)
    RETURN {id: ev.id, type: ev.type, cameo: ev.cameo, modality: ev.modality, date: ev.date,
            date_text: ev.date_text, role: pi.role,
            participants: COLLECT { MATCH (x:Entity)-[q:PARTICIPATED_IN]->(ev)
                                    RETURN {id: x.id, labels: labels(x), name: x.name, title: x.title, role: q.role} },
            sources: size(COLLECT { MATCH (e:Evidence {fact_id: ev.id}) RETURN DISTINCT e.doc_id })}
    ORDER BY ev.date, ev.id LIMIT $cap
  } AS events,
  size(COLLECT { MATCH (e:Evidence)-[:SUPPORTS]->(n) RETURN DISTINCT e.doc_id }) AS documents_count
