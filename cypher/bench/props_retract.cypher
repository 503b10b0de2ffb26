// Design P: retract one document. Nothing indexes list elements, so finding the facts it supports
// reads every fact relationship; each is rewritten without that document's entries, and deleted
// when none are left.
MATCH ()-[r:HOLDS_OFFICE|MEMBER_OF|OFFICE_OF|BORDER_OF]->()
WHERE $doc_id IN r.evidence_doc_ids
WITH r, [i IN range(0, size(r.evidence_doc_ids) - 1) WHERE r.evidence_doc_ids[i] <> $doc_id] AS keep
SET r.evidence_sentence_ids = [i IN keep | r.evidence_sentence_ids[i]],
    r.evidence_starts = [i IN keep | r.evidence_starts[i]],
    r.evidence_ends = [i IN keep | r.evidence_ends[i]],
    r.evidence_texts = [i IN keep | r.evidence_texts[i]],
    r.evidence_doc_ids = [i IN keep | r.evidence_doc_ids[i]]
WITH r WHERE size(r.evidence_doc_ids) = 0
DELETE r
WITH count(*) AS facts
MATCH (d:Document {id: $doc_id})
CALL (d) { MATCH (d)-[:HAS_SENTENCE]->(s:Sentence) DETACH DELETE s }
DETACH DELETE d
RETURN facts
