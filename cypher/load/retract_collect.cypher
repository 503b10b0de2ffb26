// The facts one document's evidence supports (before that evidence is deleted).
MATCH (e:Evidence {doc_id: $doc_id})
RETURN e.fact_id AS fact_id, e.fact_kind AS kind, e.fact_type AS type, count(*) AS evidence
