// ---
// name: officials_on_date
// description: People holding an office of a country (or organization) on a date. Tenures without dates are included and flagged, since the text did not say when they began or ended.
// parameters:
//   jurisdiction: {type: string, refers_to: entity, required: true, description: "Country or organization id, e.g. country:VEN"}
//   date: {type: date, description: "YYYY, YYYY-MM or YYYY-MM-DD; omit for all known office holders"}
//   limit: {type: integer, default: 100, minimum: 1, maximum: 1000}
// columns: [person_id, person, office, valid_from, valid_to, dated, sources]
// graph: false
// ---
MATCH (j:Entity {id: $jurisdiction})<-[:OFFICE_OF]-(o:Office)<-[h:HOLDS_OFFICE]-(p:Person)
WHERE $date IS NULL
   OR ((h.valid_from IS NULL OR left(h.valid_from, size($date)) <= left($date, size(h.valid_from)))
       AND (h.valid_to IS NULL OR left(h.valid_to, size($date)) >= left($date, size(h.valid_to))))
RETURN p.id AS person_id, p.name AS person, coalesce(o.title, o.name) AS office,
       h.valid_from AS valid_from, h.valid_to AS valid_to,
       h.valid_from IS NOT NULL OR h.valid_to IS NOT NULL AS dated,
       size(COLLECT { MATCH (e:Evidence {fact_id: h.id}) RETURN DISTINCT e.doc_id }) AS sources
ORDER BY office, person
LIMIT $limit
