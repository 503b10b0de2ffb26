// bench/bench_api.py: inputs for the API bench - people with a few facts, their names, and
// country pairs that share events.
CALL () {
  MATCH (p:Person) WHERE COUNT { (p)--() } >= 3
  RETURN collect(p.id) AS people, collect(p.name)[..500] AS names
}
CALL () {
  MATCH (a:Country)-[:PARTICIPATED_IN]->(:Event)<-[:PARTICIPATED_IN]-(b:Country)
  WHERE a.id < b.id
  WITH DISTINCT a.iso3 AS a, b.iso3 AS b ORDER BY a, b LIMIT 200
  RETURN collect([a, b]) AS country_pairs
}
RETURN people, names, country_pairs
