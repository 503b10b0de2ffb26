// An analyst's judgement on two people (`intelgraph entities merge|split`): 'same' or 'different'.
// Keyed by the sorted pair of ids, so the latest judgement on a pair replaces the earlier one.
// Entity resolution reads every judgement when a load starts (cypher/load/resolve_judgements) and
// honours it: 'same' merges the pair whatever the score, 'different' never lets them merge.
MERGE (j:Judgement {id: $id})
SET j.a = $a, j.b = $b, j.verdict = $verdict, j.by = $by, j.decided_at = datetime()
RETURN j.id AS id, j.a AS a, j.b AS b, j.verdict AS verdict, j.by AS by, j.decided_at AS decided_at
