// ---
// name: quotes_by_office
// description: Statements made by holders of an office, matched by title (case-insensitive substring, e.g. "defense") and optionally by jurisdiction.
// parameters:
//   title: {type: string, required: true, max_length: 200, description: "Part of the office title, e.g. Minister of Defense"}
//   jurisdiction: {type: string, refers_to: entity, description: "Country or organization id, e.g. country:COL"}
//   kind: {type: string, enum: [direct, indirect], description: "direct quotes or reported speech"}
//   limit: {type: integer, default: 100, minimum: 1, maximum: 1000}
// columns: [office, jurisdiction, speaker, kind, statement, date, statement_id]
// graph: false
// ---
MATCH (o:Office)
WHERE toLower(coalesce(o.title, o.name)) CONTAINS toLower($title)
  AND ($jurisdiction IS NULL OR EXISTS { (o)-[:OFFICE_OF]->(:Entity {id: $jurisdiction}) })
MATCH (o)<-[:HOLDS_OFFICE]-(p:Person)-[:SAID]->(s:Statement)
WHERE $kind IS NULL OR s.kind = $kind
OPTIONAL MATCH (o)-[:OFFICE_OF]->(j:Entity)
RETURN coalesce(o.title, o.name) AS office, j.name AS jurisdiction, p.name AS speaker, s.kind AS kind,
       s.text AS statement, s.date AS date, s.id AS statement_id
ORDER BY office, speaker, date, statement_id
LIMIT $limit
