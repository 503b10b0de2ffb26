// Documents: one row per document; `text` is the body every span indexes into.
UNWIND $rows AS row
MERGE (d:Document {id: row.id})
SET d.title = row.title, d.source = row.source, d.url = row.url, d.path = row.path,
    d.source_key = row.source_key, d.published = row.published, d.metadata = row.metadata,
    d.reliability = row.reliability, d.text = row.text, d.extraction_hash = row.extraction_hash,
    d.contract = row.contract, d.ingested_at = $now
