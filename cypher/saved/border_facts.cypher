// ---
// name: border_facts
// description: Borders and the countries they separate, with lengths and the sentences that state them. Optionally one country's borders.
// parameters:
//   country: {type: string, refers_to: country, description: "Country id, e.g. country:VEN"}
//   limit: {type: integer, default: 100, minimum: 1, maximum: 1000}
// columns: [border, countries, length_km, length_mi, evidence, sources, border_id]
// graph: false
// ---
MATCH (b:Border)
WHERE $country IS NULL OR EXISTS { (b)-[:BORDER_OF]->(:Country {id: $country}) }
RETURN b.name AS border,
       COLLECT { MATCH (b)-[:BORDER_OF]->(c:Country) RETURN c.name ORDER BY c.name } AS countries,
       b.length_km AS length_km, b.length_mi AS length_mi,
       COLLECT { MATCH (e:Evidence)-[:SUPPORTS]->(b) RETURN e.text ORDER BY e.doc_id, e.start LIMIT 3 } AS evidence,
       size(COLLECT { MATCH (e:Evidence)-[:SUPPORTS]->(b) RETURN DISTINCT e.doc_id }) AS sources,
       b.id AS border_id
ORDER BY border_id
LIMIT $limit
