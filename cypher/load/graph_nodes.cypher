// Every node but retraction history, for the content checksum (importers/graph_checksum.py).
MATCH (n) WHERE NOT n:Retraction
RETURN labels(n) AS labels, properties(n) AS props
