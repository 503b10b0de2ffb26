// The events, statements and entity-to-entity facts behind the actor-to-actor links among $ids
// (app/graph/actors.py collapses them into links). One row per (a, b, carrier): an event both took
// part in (a.id < b.id, each pair once), a statement a made about b, or a fact from a to b whose type
// is in $direct_types. Events and statements dated outside [$from, $to] are left out (undated ones
// kept; partial dates compare at their common precision). For each carrier: every distinct document
// of its evidence, and at most $per_carrier pieces of evidence.
UNWIND $ids AS aid
MATCH (a:Entity {id: aid})
CALL (a) {
  MATCH (a)-[pa:PARTICIPATED_IN]->(f:Event)<-[pb:PARTICIPATED_IN]-(b:Entity)
  WHERE b.id IN $ids AND a.id < b.id
    AND ($from IS NULL OR f.date IS NULL OR left(f.date, size($from)) >= left($from, size(f.date)))
    AND ($to IS NULL OR f.date IS NULL OR left(f.date, size($to)) <= left($to, size(f.date)))
  RETURN b.id AS b, f.id AS carrier, 'Event' AS carrier_type, f.type AS subtype, f.date AS date,
         f.modality AS modality, pa.role AS role_a, pb.role AS role_b
  UNION
  MATCH (a)-[:SAID]->(f:Statement)-[:ABOUT]->(b:Entity)
  WHERE b.id IN $ids AND b <> a
    AND ($from IS NULL OR f.date IS NULL OR left(f.date, size($from)) >= left($from, size(f.date)))
    AND ($to IS NULL OR f.date IS NULL OR left(f.date, size($to)) <= left($to, size(f.date)))
  RETURN b.id AS b, f.id AS carrier, 'Statement' AS carrier_type, f.kind AS subtype, f.date AS date,
         null AS modality, null AS role_a, null AS role_b
  UNION
  MATCH (a)-[r]->(b:Entity)
  WHERE b.id IN $ids AND type(r) IN $direct_types
  RETURN b.id AS b, r.id AS carrier, type(r) AS carrier_type, null AS subtype, r.valid_from AS date,
         null AS modality, null AS role_a, null AS role_b
}
WITH a.id AS a, b, carrier, carrier_type, subtype, date, modality, role_a, role_b
LIMIT $row_cap
CALL (carrier) {
  OPTIONAL MATCH (e:Evidence {fact_id: carrier})
  WITH e ORDER BY e.doc_id, e.start
  WITH collect(e) AS evs
  CALL (evs) {
    UNWIND evs[..$per_carrier] AS e
    OPTIONAL MATCH (e)-[:IN_SENTENCE]->(s:Sentence)
    OPTIONAL MATCH (d:Document {id: e.doc_id})
    RETURN collect({evidence_id: e.id, doc_id: e.doc_id, doc_title: d.title, published: d.published,
                    reliability: d.reliability, sentence_index: coalesce(s.index, e.sentence_index),
                    sentence: s.text, start: e.start, end: e.end, text: e.text,
                    extractor: e.extractor, confidence: e.confidence}) AS evidence
  }
  RETURN [d IN collect { UNWIND evs AS e RETURN DISTINCT e.doc_id } WHERE d IS NOT NULL] AS docs, evidence
}
RETURN a, b, carrier, carrier_type, subtype, date, modality, role_a, role_b, docs, evidence
ORDER BY a, b, carrier
