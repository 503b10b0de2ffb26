// Record which schema `intelgraph db init` applied; /ready compares it with the code's.
MERGE (v:SchemaVersion {id: 'intelgraph'})
SET v.version = $version, v.checksum = $checksum, v.applied_at = datetime()
RETURN v.version AS version
