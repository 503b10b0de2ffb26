// The schema version recorded by `intelgraph db init` (absent before the first init).
OPTIONAL MATCH (v:SchemaVersion {id: 'intelgraph'})
RETURN v.version AS version, v.checksum AS checksum, toString(v.applied_at) AS applied_at
