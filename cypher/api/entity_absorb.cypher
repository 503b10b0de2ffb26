// An analyst's 'same' judgement applied now: person $source is merged into person $target (see
// cypher/load/resolve_absorb for what moves), with a resolution record saying who decided.
MATCH (old:Person {id: $source})
MATCH (new:Person {id: $target})
WHERE old <> new
CALL (old, new) {
  MATCH (old)-[r]->(m)
  WITH r, type(r) AS t, properties(r) AS props, CASE WHEN m = old THEN new ELSE m END AS m
  DELETE r
  WITH t, props, m
  CREATE (new)-[moved:$(t)]->(m)
  SET moved = props
}
CALL (old, new) {
  MATCH (m)-[r]->(old)
  WITH r, type(r) AS t, properties(r) AS props, m
  DELETE r
  WITH t, props, m
  CREATE (m)-[moved:$(t)]->(new)
  SET moved = props
}
CALL (old, new) {
  MATCH (e:Evidence {fact_id: old.id})
  SET e.fact_id = new.id
}
CALL (old, new) {
  MATCH (s:Statement {speaker: old.id})
  SET s.speaker = new.id
}
CALL (old, new) {
  MATCH (r:Resolution {entity_id: old.id})
  SET r.entity_id = new.id,
      r.status = CASE WHEN r.status = 'open' THEN 'decided' ELSE r.status END
}
MERGE (rec:Resolution {id: $record_id})
SET rec.doc_id = null, rec.written_id = old.id, rec.written_name = old.name, rec.entity_id = new.id,
    rec.decision = 'merge', rec.score = 1.0, rec.rule = 'analyst', rec.reason = $reason,
    rec.candidates = [new.id], rec.candidate_scores = [1.0], rec.status = 'decided',
    rec.decided_at = datetime()
SET new.aliases = COLLECT {
      UNWIND coalesce(new.aliases, []) + coalesce(old.aliases, []) + [old.name] AS alias
      WITH DISTINCT alias WHERE alias <> new.name
      RETURN alias ORDER BY alias
    }
SET new.search_text = reduce(text = new.name, alias IN new.aliases | text + ' | ' + alias)
DETACH DELETE old
RETURN new.id AS id
