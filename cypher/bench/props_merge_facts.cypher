// Evidence-model bench, design P ("evidence as relationship properties"): each fact relationship
// carries parallel lists (doc ids, sentence ids, spans, texts) appended per loading document.
UNWIND $rows AS row
MATCH (s:Entity {id: row.source})
MATCH (t:Entity {id: row.target})
FOREACH (_ IN CASE WHEN row.type = 'HOLDS_OFFICE' THEN [1] ELSE [] END |
  MERGE (s)-[r:HOLDS_OFFICE {id: row.id}]->(t)
  SET r.evidence_doc_ids = coalesce(r.evidence_doc_ids, []) + row.doc_ids,
      r.evidence_sentence_ids = coalesce(r.evidence_sentence_ids, []) + row.sentence_ids,
      r.evidence_starts = coalesce(r.evidence_starts, []) + row.starts,
      r.evidence_ends = coalesce(r.evidence_ends, []) + row.ends,
      r.evidence_texts = coalesce(r.evidence_texts, []) + row.texts)
FOREACH (_ IN CASE WHEN row.type = 'MEMBER_OF' THEN [1] ELSE [] END |
  MERGE (s)-[r:MEMBER_OF {id: row.id}]->(t)
  SET r.evidence_doc_ids = coalesce(r.evidence_doc_ids, []) + row.doc_ids,
      r.evidence_sentence_ids = coalesce(r.evidence_sentence_ids, []) + row.sentence_ids,
      r.evidence_starts = coalesce(r.evidence_starts, []) + row.starts,
      r.evidence_ends = coalesce(r.evidence_ends, []) + row.ends,
      r.evidence_texts = coalesce(r.evidence_texts, []) + row.texts)
FOREACH (_ IN CASE WHEN row.type = 'OFFICE_OF' THEN [1] ELSE [] END |
  MERGE (s)-[r:OFFICE_OF {id: row.id}]->(t)
  SET r.evidence_doc_ids = coalesce(r.evidence_doc_ids, []) + row.doc_ids,
      r.evidence_sentence_ids = coalesce(r.evidence_sentence_ids, []) + row.sentence_ids,
      r.evidence_starts = coalesce(r.evidence_starts, []) + row.starts,
      r.evidence_ends = coalesce(r.evidence_ends, []) + row.ends,
      r.evidence_texts = coalesce(r.evidence_texts, []) + row.texts)
FOREACH (_ IN CASE WHEN row.type = 'BORDER_OF' THEN [1] ELSE [] END |
  MERGE (s)-[r:BORDER_OF {id: row.id}]->(t)
  SET r.evidence_doc_ids = coalesce(r.evidence_doc_ids, []) + row.doc_ids,
      r.evidence_sentence_ids = coalesce(r.evidence_sentence_ids, []) + row.sentence_ids,
      r.evidence_starts = coalesce(r.evidence_starts, []) + row.starts,
      r.evidence_ends = coalesce(r.evidence_ends, []) + row.ends,
      r.evidence_texts = coalesce(r.evidence_texts, []) + row.texts)
