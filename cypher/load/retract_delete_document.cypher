// The document and its sentences (their evidence is already gone).
MATCH (d:Document {id: $doc_id})
CALL (d) {
  MATCH (d)-[:HAS_SENTENCE]->(s:Sentence)
  DETACH DELETE s
}
DETACH DELETE d
RETURN count(*) AS deleted
