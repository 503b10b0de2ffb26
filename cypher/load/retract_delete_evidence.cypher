MATCH (e:Evidence {doc_id: $doc_id})
DETACH DELETE e
RETURN count(*) AS deleted
