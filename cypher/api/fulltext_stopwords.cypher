// The stop words of the full-text index's analyzer ($analyzer, as in cypher/schema/040_fulltext.cypher).
// The index holds no term for a stop word ("of", "the"), so app/graph/common.py lucene_query must not
// require one: "Minister of Defense" would otherwise find nothing.
CALL db.index.fulltext.listAvailableAnalyzers() YIELD analyzer, stopwords
WHERE analyzer = $analyzer
RETURN stopwords
