// Nodes per label, without bookkeeping (the generation counter, bumped by every write; the schema version).
MATCH (n) WHERE NOT n:Meta AND NOT n:SchemaVersion UNWIND labels(n) AS label
RETURN label, count(*) AS n ORDER BY label
