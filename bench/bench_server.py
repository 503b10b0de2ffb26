"""A throwaway Neo4j for benchmarks: private home and free ports, schema applied, stopped afterwards.

Benchmarks never touch the project's own graph (.neo4j/) nor a server named by NEO4J_URI: they
clear the database between phases.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import neo4j

from app.graph.db import apply_schema, load_query
from app.neo4j_server import LocalNeo4j, ServerConfig
from app.settings import Settings


@dataclass
class BenchServer:
    server: LocalNeo4j
    driver: neo4j.Driver
    database: str
    config: ServerConfig

    def clear(self) -> None:
        """Delete all data (schema kept), in batches so a large graph does not need a huge heap."""
        with self.driver.session(database=self.database) as session:
            session.run(load_query("ops/clear_graph", timeout=1800)).consume()


@contextmanager
def throwaway_neo4j(name: str, *, heap: str = "1g", pagecache: str = "512m") -> Iterator[BenchServer]:
    with tempfile.TemporaryDirectory(prefix=f"ig-bench-{name}-") as tmp:
        config = ServerConfig.from_settings(Settings()).beside(
            Path(tmp) / "home", heap_size=heap, pagecache_size=pagecache, start_timeout_s=240.0
        )
        server = LocalNeo4j(config)
        server.start()
        try:
            with server.driver() as driver:
                apply_schema(driver, "neo4j")
                yield BenchServer(server, driver, "neo4j", config)
        finally:
            server.stop()
