// The latest version of every user-saved query, with the list of its versions.
MATCH (q:SavedQuery)
WITH q.name AS name, q ORDER BY q.version DESC
WITH name, collect(q) AS versions
WITH versions[0] AS latest, [v IN versions | v.version] AS version_numbers
RETURN latest {.*} AS query, version_numbers
ORDER BY query.name
