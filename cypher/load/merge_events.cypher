// Events are node facts, merged on id (a hash of type, participants and date).
UNWIND $rows AS row
MERGE (ev:Event {id: row.id})
ON CREATE SET ev.first_seen = $now
SET ev.last_seen = $now,
    ev.type = coalesce(ev.type, row.type),
    ev.cameo = coalesce(ev.cameo, row.cameo),
    ev.modality = coalesce(ev.modality, row.modality),
    ev.date = coalesce(ev.date, row.date),
    ev.date_text = coalesce(ev.date_text, row.date_text)
