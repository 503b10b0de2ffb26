// Document ids starting with $prefix (a full id is its own prefix); two are enough to say "ambiguous".
MATCH (d:Document) WHERE d.id STARTS WITH $prefix
RETURN d.id AS id ORDER BY id LIMIT 2
