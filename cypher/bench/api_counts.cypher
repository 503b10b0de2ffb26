// bench/bench_api.py: the size of the graph the API is measured on.
CALL () { MATCH (d:Document) RETURN count(d) AS documents }
CALL () { MATCH (e:Entity) RETURN count(e) AS entities }
CALL () { MATCH (s:Statement) RETURN count(s) AS statements }
CALL () { MATCH (e:Event) RETURN count(e) AS events }
CALL () { MATCH (e:Evidence) RETURN count(e) AS evidence }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN documents, entities, statements, events, evidence, relationships
