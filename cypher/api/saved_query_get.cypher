// One user-saved query: the latest version, or $version when given.
MATCH (q:SavedQuery {name: $name})
WITH q ORDER BY q.version DESC
WITH collect(q) AS versions
WHERE size(versions) > 0
WITH [v IN versions WHERE $version IS NULL OR v.version = $version][0] AS chosen,
     [v IN versions | v.version] AS version_numbers
RETURN chosen {.*} AS query, version_numbers
