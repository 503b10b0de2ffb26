// Save a user query as a new version. MERGE on (name, content digest) keeps a retried transaction
// (or saving identical content twice) from adding a version.
OPTIONAL MATCH (old:SavedQuery {name: $name})
WITH coalesce(max(old.version), 0) AS latest
MERGE (q:SavedQuery {id: $name + '@' + $digest})
ON CREATE SET q.name = $name, q.version = latest + 1, q.description = $description,
              q.cypher = $cypher, q.parameters = $parameters, q.columns = $columns,
              q.graph = $graph, q.created_by = $created_by, q.created_at = datetime()
RETURN q.version AS version, q.version = latest + 1 AS created
