// Entity resolution's index (importers/resolution.py): every person with its names and context,
// read once per load run. Context: offices held and their countries; the countries and the other
// people and organizations mentioned in the documents that mention the person; those documents'
// published dates.
MATCH (p:Person)
CALL (p) {
  OPTIONAL MATCH (p)-[:HOLDS_OFFICE]->(o:Office)
  OPTIONAL MATCH (o)-[:OFFICE_OF]->(j:Country)
  RETURN collect(DISTINCT o.id) AS offices, collect(DISTINCT j.id) AS jurisdictions
}
CALL (p) {
  OPTIONAL MATCH (e:Evidence {fact_id: p.id, fact_kind: 'mention'})
  WITH DISTINCT e.doc_id AS doc_id
  OPTIONAL MATCH (d:Document {id: doc_id})
  OPTIONAL MATCH (m:Evidence {doc_id: doc_id, fact_kind: 'mention'})
  WHERE m.fact_id <> p.id
  RETURN collect(DISTINCT d.published) AS dates,
         collect(DISTINCT CASE WHEN m.fact_type = 'Country' THEN m.fact_id END) AS mentioned_countries,
         collect(DISTINCT CASE WHEN m.fact_type IN ['Person', 'Organization'] THEN m.fact_id END) AS others
}
RETURN p.id AS id, p.name AS name, p.aliases AS aliases, offices, dates, others,
       jurisdictions + [c IN mentioned_countries WHERE NOT c IN jurisdictions] AS countries
ORDER BY id
