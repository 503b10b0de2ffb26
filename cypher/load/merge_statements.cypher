// Statements are node facts, merged on id (a hash of speaker and folded text).
UNWIND $rows AS row
MERGE (st:Statement {id: row.id})
ON CREATE SET st.first_seen = $now
SET st.last_seen = $now,
    st.text = coalesce(st.text, row.text),
    st.kind = coalesce(st.kind, row.kind),
    st.channel = coalesce(st.channel, row.channel),
    st.date = coalesce(st.date, row.date),
    st.speaker = coalesce(st.speaker, row.speaker)
