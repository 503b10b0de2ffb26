// Entity resolution's review queue (`intelgraph entities review`): written names resolution was
// unsure about (status 'open'), with the candidates it weighed and their names.
MATCH (r:Resolution {status: 'open'})
OPTIONAL MATCH (d:Document {id: r.doc_id})
WITH r, d ORDER BY r.decided_at, r.id
LIMIT $cap
RETURN r.id AS id, r.doc_id AS doc_id, d.title AS document_title, r.written_id AS written_id,
       r.written_name AS written_name, r.entity_id AS entity_id, r.score AS score, r.rule AS rule,
       r.reason AS reason, r.decided_at AS decided_at,
       [i IN range(0, size(r.candidates) - 1) |
          {id: r.candidates[i], score: r.candidate_scores[i],
           name: head(COLLECT { MATCH (c:Entity {id: r.candidates[i]}) RETURN c.name })}] AS candidates
