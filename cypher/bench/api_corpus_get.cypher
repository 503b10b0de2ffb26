// bench/bench_api.py: which corpus the cached bench graph holds.
MATCH (m:BenchMark {id: $id}) RETURN m.signature AS signature
