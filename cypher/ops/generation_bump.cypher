// Bump the graph's generation (app/cache): run as the LAST statement of every write transaction
// (document import, retraction, saved-query save/delete), so a reader that sees the new data also
// sees the new number. Last, so the one lock every writer shares is held only until commit (and is
// always the last lock a writer takes: no deadlock cycle). `epoch` is new whenever the node is
// (a cleared graph starts again at 1 under another epoch: old cached answers never match).
MERGE (m:Meta {id: 'generation'})
ON CREATE SET m.epoch = randomUUID(), m.value = 0
SET m.value = m.value + 1
RETURN m.epoch AS epoch, m.value AS value
