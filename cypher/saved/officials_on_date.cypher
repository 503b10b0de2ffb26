// ---
// name: officials_on_date
// description: People holding an office of a country (or organization) on a date. A tenure ends at its stated end; for a single-holder office (president, prime minister, a minister of one portfolio...) when the next holder's tenure starts; for a holder the text calls "former", before the publication of the reports. Tenures without stated dates are included and flagged (dates_known false), since the text did not say when they began or ended.
// parameters:
//   jurisdiction: {type: string, refers_to: entity, required: true, description: "Country or organization id, e.g. country:VEN"}
//   date: {type: date, description: "YYYY, YYYY-MM or YYYY-MM-DD; omit for all known office holders"}
//   limit: {type: integer, default: 100, minimum: 1, maximum: 1000}
// columns: [person_id, person, office, valid_from, valid_to, ended_by, end_basis, dates_known, sources]
// graph: false
// ---
// Dates are partial (YYYY, YYYY-MM, YYYY-MM-DD) and compare on their common prefix, so a query for
// a year lists whoever held the office during part of it.
MATCH (j:Entity {id: $jurisdiction})<-[:OFFICE_OF]-(o:Office)<-[h:HOLDS_OFFICE]-(p:Person)
WITH o, h, p,
     // Single-holder office (titles lexicon -> Office.single_holder): the next holder's start.
     CASE WHEN o.single_holder AND h.valid_from IS NOT NULL THEN
       COLLECT { MATCH (o)<-[s:HOLDS_OFFICE]-(q:Person)
                 WHERE q <> p AND s.valid_from IS NOT NULL AND s.valid_from > h.valid_from
                   AND NOT s.valid_from STARTS WITH h.valid_from
                 RETURN s.valid_from ORDER BY s.valid_from LIMIT 1 }[0]
     END AS successor_from,
     // "former X" (extraction marks it): the tenure ended before the report was published. The
     // relationship keeps one document's properties, so the latest publication among its sources
     // is the bound that holds whichever document said it.
     CASE WHEN h.properties CONTAINS '"former": true' THEN
       COLLECT { MATCH (e:Evidence {fact_id: h.id}) MATCH (d:Document {id: e.doc_id})
                 WHERE d.published IS NOT NULL
                 RETURN d.published ORDER BY d.published DESC LIMIT 1 }[0]
     END AS former_before
WHERE $date IS NULL
   OR ((h.valid_from IS NULL OR left(h.valid_from, size($date)) <= left($date, size(h.valid_from)))
       AND (h.valid_to IS NULL OR left(h.valid_to, size($date)) >= left($date, size(h.valid_to)))
       AND (successor_from IS NULL OR NOT (left($date, size(successor_from)) > successor_from OR $date = successor_from))
       AND (former_before IS NULL OR left($date, size(former_before)) < former_before))
RETURN p.id AS person_id, p.name AS person, coalesce(o.title, o.name) AS office,
       h.valid_from AS valid_from, h.valid_to AS valid_to,
       coalesce(h.valid_to, successor_from, former_before) AS ended_by,
       CASE WHEN h.valid_to IS NOT NULL THEN 'stated'
            WHEN successor_from IS NOT NULL THEN 'successor'
            WHEN former_before IS NOT NULL THEN 'former' END AS end_basis,
       h.valid_from IS NOT NULL OR h.valid_to IS NOT NULL AS dates_known,
       size(COLLECT { MATCH (e:Evidence {fact_id: h.id}) RETURN DISTINCT e.doc_id }) AS sources
ORDER BY office, person
LIMIT $limit
