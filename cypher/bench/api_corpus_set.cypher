// bench/bench_api.py: mark the cached bench graph with the corpus it holds.
MERGE (m:BenchMark {id: $id}) SET m.signature = $signature
