// For each incoming document: is this exact text already loaded (and from which extraction), and
// which older versions (same source_key = url or path, different text) it replaces.
UNWIND $docs AS doc
OPTIONAL MATCH (same:Document {id: doc.id})
OPTIONAL MATCH (old:Document {source_key: doc.source_key})
  WHERE old.id <> doc.id
RETURN doc.id AS id, same.extraction_hash AS existing_hash, collect(DISTINCT old.id) AS older
