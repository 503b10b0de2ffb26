// A country by id, ISO3/ISO2 code, name or alias (case-insensitive).
MATCH (c:Country)
WHERE c.id = $ref OR c.iso3 = toUpper($ref) OR c.iso2 = toUpper($ref)
   OR toLower(c.name) = toLower($ref)
   OR any(a IN coalesce(c.aliases, []) WHERE toLower(a) = toLower($ref))
RETURN c.id AS id, c.name AS name, c.iso3 AS iso3, c.iso2 AS iso2
ORDER BY CASE WHEN c.id = $ref OR c.iso3 = toUpper($ref) THEN 0 ELSE 1 END, c.id
LIMIT 1
