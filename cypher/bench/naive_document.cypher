// Naive baseline (bench/naive_loader.py): one document node, in its own transaction.
CREATE (:Document {id: $row.id, title: $row.title, source: $row.source, url: $row.url, path: $row.path,
                   published: $row.published, metadata: $row.metadata, reliability: $row.reliability,
                   text: $row.text, extraction_hash: $row.extraction_hash, contract: $row.contract,
                   ingested_at: $now})
