MATCH (d:Document {id: $doc_id})
RETURN d {.id, .title, .published, .source, .url, .path, .reliability, .ingested_at, .metadata,
          .extraction_hash, .contract} AS document,
       size(d.text) AS characters,
       COUNT { (d)-[:HAS_SENTENCE]->() } AS sentences
