// Reading order: (:Sentence)-[:NEXT]->(:Sentence).
UNWIND $rows AS row
MATCH (a:Sentence {id: row.from})
MATCH (b:Sentence {id: row.to})
MERGE (a)-[:NEXT]->(b)
