// Every node but retraction history and the generation counter (bookkeeping), for the content checksum (importers/graph_checksum.py).
MATCH (n) WHERE NOT n:Retraction AND NOT n:Meta
RETURN labels(n) AS labels, properties(n) AS props
