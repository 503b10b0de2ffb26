// A retracted document's resolution records (and its open review items) go with it.
MATCH (r:Resolution {doc_id: $doc_id})
DELETE r
