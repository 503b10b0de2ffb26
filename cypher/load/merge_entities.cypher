// Entities merge on their canonical id across documents. Aliases accumulate as a sorted set. When
// documents disagree on another property the smallest value wins (for ISO dates: the earliest; an
// office is single-holder when any document's lexicon says so):
// the result does not depend on the order documents arrive in, so concurrent, resumed and clean
// imports of one corpus give the same graph. (A border's countries are fixed by its id.) The type
// label is a dynamic label (Neo4j 5.26) whose value comes only from the vocabulary
// (importers/vocabulary.yaml via graph_schema.entity_label): the loader rejects any other type.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
ON CREATE SET n.first_seen = $now
SET n.last_seen = $now,
    n.countries = coalesce(n.countries, row.countries),
    n.name = CASE WHEN row.name < n.name OR n.name IS NULL THEN row.name ELSE n.name END,
    n.iso2 = CASE WHEN row.iso2 < n.iso2 OR n.iso2 IS NULL THEN row.iso2 ELSE n.iso2 END,
    n.iso3 = CASE WHEN row.iso3 < n.iso3 OR n.iso3 IS NULL THEN row.iso3 ELSE n.iso3 END,
    n.title = CASE WHEN row.title < n.title OR n.title IS NULL THEN row.title ELSE n.title END,
    n.jurisdiction = CASE WHEN row.jurisdiction < n.jurisdiction OR n.jurisdiction IS NULL THEN row.jurisdiction ELSE n.jurisdiction END,
    n.length_km = CASE WHEN row.length_km < n.length_km OR n.length_km IS NULL THEN row.length_km ELSE n.length_km END,
    n.length_mi = CASE WHEN row.length_mi < n.length_mi OR n.length_mi IS NULL THEN row.length_mi ELSE n.length_mi END,
    n.single_holder = CASE WHEN row.single_holder OR n.single_holder THEN true ELSE coalesce(n.single_holder, row.single_holder) END,
    n.properties = CASE WHEN row.properties < n.properties OR n.properties IS NULL THEN row.properties ELSE n.properties END
SET n.aliases = COLLECT {
      UNWIND coalesce(n.aliases, []) + row.aliases AS alias
      WITH DISTINCT alias WHERE alias <> n.name
      RETURN alias ORDER BY alias
    }
SET n.search_text = reduce(text = n.name, alias IN n.aliases | text + ' | ' + alias)
SET n:$(row.label)
