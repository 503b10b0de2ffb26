// Design P: how many facts have at least two independent sources (every fact relationship read).
MATCH ()-[r:HOLDS_OFFICE|MEMBER_OF|OFFICE_OF|BORDER_OF]->()
WITH r, size(COLLECT { UNWIND r.evidence_doc_ids AS doc RETURN DISTINCT doc }) AS sources
WHERE sources >= 2
RETURN count(r) AS facts
