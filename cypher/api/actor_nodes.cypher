// The entities $ids as drawable nodes of the actor view (same properties as neighbourhood.cypher).
UNWIND $ids AS nid
MATCH (n:Entity {id: nid})
RETURN n.id AS id, labels(n) AS labels,
       n {.name, .title, .type, .date, .iso3, .iso2, .length_km, .length_mi, .jurisdiction} AS props
