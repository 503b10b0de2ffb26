// Statements are node facts, merged on id (a hash of speaker and folded text); on disagreement the
// smallest value wins (the earliest date), whatever the load order (see merge_entities).
UNWIND $rows AS row
MERGE (st:Statement {id: row.id})
ON CREATE SET st.first_seen = $now
SET st.last_seen = $now,
    st.text = CASE WHEN row.text < st.text OR st.text IS NULL THEN row.text ELSE st.text END,
    st.kind = CASE WHEN row.kind < st.kind OR st.kind IS NULL THEN row.kind ELSE st.kind END,
    st.channel = CASE WHEN row.channel < st.channel OR st.channel IS NULL THEN row.channel ELSE st.channel END,
    st.date = CASE WHEN row.date < st.date OR st.date IS NULL THEN row.date ELSE st.date END,
    st.speaker = CASE WHEN row.speaker < st.speaker OR st.speaker IS NULL THEN row.speaker ELSE st.speaker END
