// One full-text index for search: entity names and aliases, statement text.
// `standard-folding` is the 5.26 analyzer with Lucene's ASCIIFoldingFilter (checked with
// db.index.fulltext.listAvailableAnalyzers()): case- and diacritic-insensitive, so 'Zurich'
// finds 'Zürich'. Full-text indexes in 5.26 index LIST<STRING> properties, so `aliases` is indexed
// as it is; `search_text` (name | aliases, set by the loader) is not needed for this index.
// eventually_consistent=false: a loaded document is searchable when its transaction commits.
CREATE FULLTEXT INDEX fulltext_search IF NOT EXISTS
FOR (n:Entity|Statement) ON EACH [n.name, n.aliases, n.text]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}};
