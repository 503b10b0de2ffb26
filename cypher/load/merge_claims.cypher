// Disagreement kept: the values one document gives for a fact's compared fields (vocabulary
// `compared`, e.g. a border's length_km, a tenure's valid_from) are stored on each piece of that
// document's evidence as `claim_<field>`, so every source's value stays with its evidence whatever
// value the fact itself displays. $rows: {id: evidence id, claims: {claim_<field>: value}}.
UNWIND $rows AS row
MATCH (e:Evidence {id: row.id})
SET e += row.claims
