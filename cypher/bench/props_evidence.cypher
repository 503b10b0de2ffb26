// Design P: the evidence of one HOLDS_OFFICE fact with its sentences.
MATCH ()-[r:HOLDS_OFFICE {id: $fact_id}]->()
UNWIND range(0, size(r.evidence_doc_ids) - 1) AS i
MATCH (s:Sentence {id: r.evidence_sentence_ids[i]})
RETURN r.evidence_doc_ids[i] AS doc, r.evidence_starts[i] AS start, r.evidence_ends[i] AS end,
       r.evidence_texts[i] AS text, s.text AS sentence
