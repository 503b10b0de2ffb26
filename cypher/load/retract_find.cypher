// The document a retraction removes (null row when there is none): what its record keeps of it.
MATCH (d:Document {id: $doc_id})
RETURN d {.id, .title, .url, .path} AS document
