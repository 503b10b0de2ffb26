// For each incoming document: is this exact text already loaded (and from which extraction), and
// which older versions it replaces: documents with the same url, or, for a document without a
// url, the same path and no url (uses the document_url / document_path indexes).
UNWIND $docs AS doc
OPTIONAL MATCH (same:Document {id: doc.id})
OPTIONAL MATCH (by_url:Document {url: doc.url})
  WHERE by_url.id <> doc.id
OPTIONAL MATCH (by_path:Document {path: doc.path})
  WHERE doc.url IS NULL AND by_path.url IS NULL AND by_path.id <> doc.id
RETURN doc.id AS id, same.extraction_hash AS existing_hash,
       collect(DISTINCT by_url.id) + collect(DISTINCT by_path.id) AS older
