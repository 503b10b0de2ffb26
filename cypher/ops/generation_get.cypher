// The graph's generation (see generation_bump): one index lookup, read before a cached answer is used.
OPTIONAL MATCH (m:Meta {id: 'generation'})
RETURN m.epoch AS epoch, m.value AS value
LIMIT 1
