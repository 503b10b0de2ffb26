// What a retraction removed, and when: the history of retired facts.
MERGE (r:Retraction {id: $id})
SET r.doc_id = $doc_id, r.reason = $reason, r.replaced_by = $replaced_by, r.retracted_at = $now,
    r.facts_removed = $facts_removed, r.entities_removed = $entities_removed,
    r.removed_ids = $removed_ids, r.title = $title, r.source_key = $source_key
