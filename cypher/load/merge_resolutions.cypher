// The mention-level record of entity resolution (importers/resolution.py): per document and
// written person id, what the document said (written_name, written_id), which canonical entity it
// resolved to (entity_id), and the decision ('merge', 'new', 'review', 'absorb') with its score,
// reason, rule (name_rules@<version>:<rule>) and time. Review items are those with status 'open'.
// Not linked by relationships: a record never keeps an entity alive (retraction deletes the
// records of a document by doc_id, see retract_resolutions).
UNWIND $rows AS row
MERGE (r:Resolution {id: row.id})
SET r.doc_id = row.doc_id,
    r.written_id = row.written_id,
    r.written_name = row.written_name,
    r.entity_id = row.entity_id,
    r.decision = row.decision,
    r.score = row.score,
    r.rule = row.rule,
    r.reason = row.reason,
    r.candidates = row.candidates,
    r.candidate_scores = row.candidate_scores,
    r.status = row.status,
    r.decided_at = $now
