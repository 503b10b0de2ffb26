// Delete every version of a user query; returns how many versions were removed.
MATCH (q:SavedQuery {name: $name})
WITH collect(q) AS qs
FOREACH (q IN qs | DETACH DELETE q)
RETURN size(qs) AS deleted
