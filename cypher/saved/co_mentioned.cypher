// ---
// name: co_mentioned
// description: Entities mentioned in the same sentences as an entity, by number of shared sentences (and documents).
// parameters:
//   entity: {type: string, refers_to: entity, required: true, description: "Entity id, e.g. person:nicolas-maduro"}
//   type: {type: string, enum: [Person, Organization, Country, Office, Border], description: "only co-mentions of this type"}
//   limit: {type: integer, default: 25, minimum: 1, maximum: 500}
// columns: [id, name, type, sentences, documents]
// graph: false
// ---
MATCH (n:Entity {id: $entity})<-[:SUPPORTS]-(e:Evidence {fact_kind: 'mention'})-[:IN_SENTENCE]->(s:Sentence)
MATCH (s)<-[:IN_SENTENCE]-(f:Evidence {fact_kind: 'mention'})-[:SUPPORTS]->(m:Entity)
WHERE m <> n AND ($type IS NULL OR $type IN labels(m))
WITH m, count(DISTINCT s) AS sentences, count(DISTINCT s.doc_id) AS documents
RETURN m.id AS id, m.name AS name, [l IN labels(m) WHERE l <> 'Entity'][0] AS type, sentences, documents
ORDER BY sentences DESC, documents DESC, id
LIMIT $limit
