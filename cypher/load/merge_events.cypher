// Events are node facts, merged on id (a hash of type, participants and date); on disagreement the
// smallest value wins, whatever the load order (see merge_entities).
UNWIND $rows AS row
MERGE (ev:Event {id: row.id})
ON CREATE SET ev.first_seen = $now
SET ev.last_seen = $now,
    ev.type = CASE WHEN row.type < ev.type OR ev.type IS NULL THEN row.type ELSE ev.type END,
    ev.cameo = CASE WHEN row.cameo < ev.cameo OR ev.cameo IS NULL THEN row.cameo ELSE ev.cameo END,
    ev.modality = CASE WHEN row.modality < ev.modality OR ev.modality IS NULL THEN row.modality ELSE ev.modality END,
    ev.date = CASE WHEN row.date < ev.date OR ev.date IS NULL THEN row.date ELSE ev.date END,
    ev.date_text = CASE WHEN row.date_text < ev.date_text OR ev.date_text IS NULL THEN row.date_text ELSE ev.date_text END
