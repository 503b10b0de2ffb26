// Design P: how many independent documents back one HOLDS_OFFICE fact.
MATCH ()-[r:HOLDS_OFFICE {id: $fact_id}]->()
RETURN size(COLLECT { UNWIND r.evidence_doc_ids AS doc RETURN DISTINCT doc }) AS sources
