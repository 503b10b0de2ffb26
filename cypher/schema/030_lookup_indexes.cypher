// Range indexes for the lookups that are not by id.
// Evidence of a relationship fact is found by fact_id (a relationship cannot be the end of another
// relationship); evidence and sentences of a document by doc_id (provenance, retraction).
CREATE INDEX evidence_fact_id IF NOT EXISTS FOR (n:Evidence) ON (n.fact_id);
CREATE INDEX evidence_doc_id IF NOT EXISTS FOR (n:Evidence) ON (n.doc_id);
CREATE INDEX sentence_doc_id IF NOT EXISTS FOR (n:Sentence) ON (n.doc_id);
// A changed document replaces the one with the same url (or path when it has no url).
CREATE INDEX document_url IF NOT EXISTS FOR (n:Document) ON (n.url);
CREATE INDEX document_path IF NOT EXISTS FOR (n:Document) ON (n.path);
CREATE INDEX retraction_doc_id IF NOT EXISTS FOR (n:Retraction) ON (n.doc_id);
// Entity resolution's records: by document (retraction), by entity (entities show), open review items.
CREATE INDEX resolution_doc_id IF NOT EXISTS FOR (n:Resolution) ON (n.doc_id);
CREATE INDEX resolution_entity_id IF NOT EXISTS FOR (n:Resolution) ON (n.entity_id);
CREATE INDEX resolution_status IF NOT EXISTS FOR (n:Resolution) ON (n.status);
// Saved queries are listed and fetched by name (every version kept under its own id).
CREATE INDEX saved_query_name IF NOT EXISTS FOR (n:SavedQuery) ON (n.name);
// Exact entity name lookups (case-sensitive; case-insensitive search goes through the full-text index).
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
