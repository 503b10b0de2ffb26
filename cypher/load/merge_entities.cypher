// Entities merge on their canonical id across documents. Aliases accumulate as a sorted set; every
// other property keeps the first non-null value loaded, so later documents never flip it. The type
// label is set from a fixed list (importers/graph_schema.py ENTITY_LABELS): Cypher cannot take a
// label as a parameter, and a FOREACH over a one-element list is the conditional SET.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
ON CREATE SET n.first_seen = $now
SET n.last_seen = $now,
    n.name = coalesce(n.name, row.name),
    n.iso2 = coalesce(n.iso2, row.iso2),
    n.iso3 = coalesce(n.iso3, row.iso3),
    n.title = coalesce(n.title, row.title),
    n.jurisdiction = coalesce(n.jurisdiction, row.jurisdiction),
    n.countries = coalesce(n.countries, row.countries),
    n.length_km = coalesce(n.length_km, row.length_km),
    n.length_mi = coalesce(n.length_mi, row.length_mi),
    n.properties = coalesce(n.properties, row.properties)
SET n.aliases = COLLECT {
      UNWIND coalesce(n.aliases, []) + row.aliases AS alias
      WITH DISTINCT alias WHERE alias <> n.name
      RETURN alias ORDER BY alias
    }
SET n.search_text = reduce(text = n.name, alias IN n.aliases | text + ' | ' + alias)
FOREACH (_ IN CASE WHEN row.label = 'Person' THEN [1] ELSE [] END | SET n:Person)
FOREACH (_ IN CASE WHEN row.label = 'Organization' THEN [1] ELSE [] END | SET n:Organization)
FOREACH (_ IN CASE WHEN row.label = 'Country' THEN [1] ELSE [] END | SET n:Country)
FOREACH (_ IN CASE WHEN row.label = 'Office' THEN [1] ELSE [] END | SET n:Office)
FOREACH (_ IN CASE WHEN row.label = 'Border' THEN [1] ELSE [] END | SET n:Border)
