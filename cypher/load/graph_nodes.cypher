// Every node but retraction history and bookkeeping (the generation counter, the schema version:
// when the schema was applied), for the content checksum (importers/graph_checksum.py).
MATCH (n) WHERE NOT n:Retraction AND NOT n:Meta AND NOT n:SchemaVersion
RETURN labels(n) AS labels, properties(n) AS props
