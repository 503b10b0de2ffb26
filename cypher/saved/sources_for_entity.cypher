// ---
// name: sources_for_entity
// description: The documents that mention an entity or back a fact about it, with their reliability grade and how many times each mentions it.
// parameters:
//   entity: {type: string, refers_to: entity, required: true, description: "Entity id, e.g. person:gustavo-petro"}
//   limit: {type: integer, default: 100, minimum: 1, maximum: 1000}
// columns: [doc_id, title, source, published, reliability, mentions, url]
// graph: false
// ---
MATCH (n:Entity {id: $entity})<-[:SUPPORTS]-(e:Evidence)
WITH e.doc_id AS doc_id, count(e) AS mentions
MATCH (d:Document {id: doc_id})
RETURN d.id AS doc_id, d.title AS title, d.source AS source, d.published AS published,
       d.reliability AS reliability, mentions, d.url AS url
ORDER BY reliability, published DESC, doc_id
LIMIT $limit
