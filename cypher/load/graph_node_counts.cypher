// Nodes per label, without the generation counter (bookkeeping, bumped by every write).
MATCH (n) WHERE NOT n:Meta UNWIND labels(n) AS label
RETURN label, count(*) AS n ORDER BY label
