// Analysts' judgements on pairs of people (cypher/api/entity_judge), honoured by entity resolution.
MATCH (j:Judgement)
RETURN j.a AS a, j.b AS b, j.verdict AS verdict
ORDER BY j.id
