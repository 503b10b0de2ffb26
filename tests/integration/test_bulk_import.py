"""`intelgraph import --bulk` (neo4j-admin) builds the same graph as the online `intelgraph import`.

The online import goes into the session's server; the bulk import into a second throwaway local
server (the command stops and restarts it). Equality is the content checksum
(importers/graph_checksum.py): every node and relationship with its properties, timestamps and
bookkeeping (the generation counter) aside.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from app.graph.db import load_query
from app.neo4j_server import LocalNeo4j, ServerConfig
from app.settings import Settings
from bench.synth_extractions import generate_extractions
from importers.graph_checksum import graph_checksum, graph_lines

pytestmark = pytest.mark.neo4j

INTELGRAPH = str(Path(sys.executable).parent / "intelgraph")
ROOT = Path(__file__).resolve().parents[2]
DEV = Path("/work/shared/eval/dev")
FIXTURES = ROOT / "tests" / "fixtures" / "resolution"


@pytest.fixture(scope="module")
def bulk_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalNeo4j, dict[str, str]]]:
    config = ServerConfig.from_settings(Settings()).beside(
        tmp_path_factory.mktemp("bulk") / "home", heap_size="512m", pagecache_size="128m"
    )
    server = LocalNeo4j(config)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(
        INTELGRAPH_NEO4J_HOME=str(config.home),
        INTELGRAPH_BOLT_PORT=str(config.bolt_port),
        INTELGRAPH_HTTP_PORT=str(config.http_port),
        INTELGRAPH_HEAP_SIZE=config.heap_size,
        INTELGRAPH_PAGECACHE_SIZE=config.pagecache_size,
    )
    # Started and stopped by the CLI, as `import --bulk` stops and restarts it: no JVM of this
    # process is left for another process to stop.
    try:
        started = run(env, "db", "start")
        assert started.returncode == 0, started.stderr
        yield server, env
    finally:
        run(env, "db", "stop")


@pytest.fixture
def empty_bulk(bulk_server: tuple[LocalNeo4j, dict[str, str]]) -> tuple[LocalNeo4j, dict[str, str]]:
    server, env = bulk_server
    assert run(env, "db", "start").returncode == 0  # a no-op when it runs
    with server.driver() as driver, driver.session(database="neo4j") as session:
        session.run(load_query("ops/clear_graph", timeout=120)).consume()
    return bulk_server


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [INTELGRAPH, *args], env=env, capture_output=True, text=True, timeout=900, check=False
    )


def _compare(online: neo4j.Driver, server: LocalNeo4j) -> dict[str, int]:
    with server.driver() as bulk:
        left, right = graph_checksum(online, "neo4j"), graph_checksum(bulk, "neo4j")
        if left != right:  # show the first differing lines, not just two hashes
            a, b = set(graph_lines(online, "neo4j")), set(graph_lines(bulk, "neo4j"))
            pytest.fail(f"online only: {sorted(a - b)[:3]}\nbulk only: {sorted(b - a)[:3]}")
    return left.nodes


def test_bulk_equals_online_on_synthetic_corpus(
    clean_neo4j: neo4j.Driver,
    neo4j_env: dict[str, str],
    empty_bulk: tuple[LocalNeo4j, dict[str, str]],
    tmp_path: Path,
) -> None:
    server, env = empty_bulk
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(e.model_dump_json() + "\n" for e in generate_extractions(120, seed=7)), "utf-8")
    online = run(neo4j_env, "import", "--extracted", str(corpus), "--batch", "25", "--json")
    assert online.returncode == 0, online.stderr
    bulk = run(env, "import", "--bulk", "--extracted", str(corpus), "--json")
    assert bulk.returncode == 0, bulk.stderr
    summary = json.loads(bulk.stdout)
    assert summary["documents_loaded"] == json.loads(online.stdout)["documents_loaded"] == 120
    assert summary["facts"] == json.loads(online.stdout)["facts"]
    counts = _compare(clean_neo4j, server)
    assert counts["Document"] == 120
    # The server runs again, with the schema applied: the bulk graph answers the API's readiness.
    ready = run(env, "db", "status", "--json")
    assert ready.returncode == 0, ready.stderr


def test_bulk_equals_online_on_text_corpus(
    clean_neo4j: neo4j.Driver,
    neo4j_env: dict[str, str],
    empty_bulk: tuple[LocalNeo4j, dict[str, str]],
    tmp_path: Path,
) -> None:
    server, env = empty_bulk
    corpus = tmp_path / "texts"
    shutil.copytree(ROOT / "seeds", corpus)
    for text in sorted(DEV.glob("*.md"))[:4]:
        shutil.copy(text, corpus / text.name)
    # Lone surnames read first (files are read in name order), full names later: resolution
    # absorbs the lone-name people into the full-name ones (resolve_absorb), across batches.
    for order, name in enumerate(("03_surnames", "01_summit", "02_longname")):
        shutil.copy(FIXTURES / f"{name}.md", corpus / f"zz{order}_{name}.md")
    online = run(neo4j_env, "import", str(corpus), "--batch", "3", "--json")
    assert online.returncode == 0, online.stderr
    bulk = run(env, "import", "--bulk", str(corpus), "--json")
    assert bulk.returncode == 0, bulk.stderr
    loaded = json.loads(online.stdout)["documents_loaded"]
    assert json.loads(bulk.stdout)["documents_loaded"] == loaded
    counts = _compare(clean_neo4j, server)
    assert counts["Document"] == loaded
    with server.driver() as driver:
        records, _, _ = driver.execute_query(
            "MATCH (r:Resolution {decision: 'absorb'}) RETURN r.written_id AS written ORDER BY written"
        )
    assert [r["written"] for r in records] == ["person:echeverria", "person:quispe"]


def test_bulk_refuses_a_non_empty_database(
    empty_bulk: tuple[LocalNeo4j, dict[str, str]], tmp_path: Path
) -> None:
    server, env = empty_bulk
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(e.model_dump_json() + "\n" for e in generate_extractions(3, seed=2)), "utf-8")
    first = run(env, "import", "--extracted", str(corpus))
    assert first.returncode == 0, first.stderr
    refused = run(env, "import", "--bulk", "--extracted", str(corpus))
    assert refused.returncode == 1
    assert "--bulk only loads an empty database" in refused.stderr
    assert server.status().running  # not stopped for nothing


def test_bulk_refuses_an_external_server(tmp_path: Path) -> None:
    env = {**os.environ, "NEO4J_URI": "bolt://127.0.0.1:1"}
    refused = run(env, "import", "--bulk", str(tmp_path))
    assert refused.returncode == 2
    assert "--bulk needs the project's local Neo4j" in refused.stderr
    assert "bolt://127.0.0.1:1" in refused.stderr
