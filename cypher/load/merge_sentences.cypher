// Sentences of the documents just merged, each linked from its document.
UNWIND $rows AS row
MATCH (d:Document {id: row.doc_id})
MERGE (s:Sentence {id: row.id})
SET s.doc_id = row.doc_id, s.index = row.index, s.start = row.start, s.end = row.end, s.text = row.text
MERGE (d)-[:HAS_SENTENCE]->(s)
