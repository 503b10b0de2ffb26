"""The loader across processes: concurrent imports, and an import killed mid-run then re-run."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import neo4j
import pytest

from app.graph.db import load_query
from bench.synth_extractions import generate_extractions
from importers.cypher_runner import CypherRunner
from importers.graph_checksum import graph_checksum
from importers.load_rows import document_rows
from importers.loader import load_extractions

pytestmark = pytest.mark.neo4j

INTELGRAPH = str(Path(sys.executable).parent / "intelgraph")
CORPUS_SEED = 11

# A loader process: loads synthetic documents [start, stop) in batches of `batch`.
RUNNER = """
CORPUS_SEED = {seed}
import os, sys
import neo4j
from bench.synth_extractions import generate_extractions
from importers.cypher_runner import CypherRunner
from importers.loader import load_extractions
start, stop, batch, n = (int(a) for a in sys.argv[1:5])
env = os.environ
auth = (env["NEO4J_USERNAME"], env["NEO4J_PASSWORD"]) if env.get("NEO4J_PASSWORD") else None
corpus = generate_extractions(n, CORPUS_SEED)[start:stop]
with neo4j.GraphDatabase.driver(env["NEO4J_URI"], auth=auth) as driver:
    report = load_extractions(CypherRunner(driver, env["NEO4J_DATABASE"]), corpus, batch_size=batch)
print(report.loaded, report.skipped, len(report.failed))
""".replace("{seed}", str(CORPUS_SEED))


def rows(driver: neo4j.Driver, database: str, query: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(query, params, database_=database)  # type: ignore[call-overload]
    return [r.data() for r in records]


def clear(driver: neo4j.Driver, database: str) -> None:
    with driver.session(database=database) as session:
        session.run(load_query("ops/clear_graph", timeout=120)).consume()


def duplicates(driver: neo4j.Driver, database: str) -> dict[str, int]:
    (nodes,) = rows(
        driver,
        database,
        """
        MATCH (n) WHERE n.id IS NOT NULL
        WITH labels(n) AS labels, n.id AS id, count(*) AS c WHERE c > 1 RETURN count(*) AS n""",
    )
    (rels,) = rows(
        driver,
        database,
        """
        MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, r.id AS id, count(*) AS c WHERE c > 1
        RETURN count(*) AS n""",
    )
    return {"nodes": nodes["n"], "relationships": rels["n"]}


def test_two_concurrent_imports_make_no_duplicates(
    clean_neo4j: neo4j.Driver, neo4j_database: str, neo4j_env: dict[str, str]
) -> None:
    n = 160
    cwd = Path(__file__).resolve().parents[2]
    # Overlapping halves: 80 documents in both, and every popular entity in all of them.
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RUNNER, str(a), str(b), "8", str(n)],
            env=neo4j_env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for a, b in ((0, 120), (40, 160))
    ]
    outputs = [p.communicate(timeout=600) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        loaded, skipped, failed = (int(x) for x in out.split())
        assert loaded + skipped == 120 and failed == 0
    assert duplicates(clean_neo4j, neo4j_database) == {"nodes": 0, "relationships": 0}
    concurrent = graph_checksum(clean_neo4j, neo4j_database)
    assert concurrent.nodes["Document"] == n

    clear(clean_neo4j, neo4j_database)
    load_extractions(CypherRunner(clean_neo4j, neo4j_database), generate_extractions(n, CORPUS_SEED))
    sequential = graph_checksum(clean_neo4j, neo4j_database)
    assert concurrent.nodes == sequential.nodes
    assert concurrent.relationships == sequential.relationships
    assert concurrent.checksum == sequential.checksum


def test_import_killed_mid_run_then_rerun_equals_a_clean_import(
    clean_neo4j: neo4j.Driver, neo4j_database: str, neo4j_env: dict[str, str], tmp_path: Path
) -> None:
    n = 300
    corpus = generate_extractions(n, CORPUS_SEED)
    source = tmp_path / "extractions.jsonl"
    source.write_text("".join(e.model_dump_json() + "\n" for e in corpus), encoding="utf-8")
    expected = {e.document.id: document_rows(e) for e in corpus}
    command = [INTELGRAPH, "import", "--extracted", str(source), "--batch", "5", "--json"]

    proc = subprocess.Popen(command, env=neo4j_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    loaded = 0
    while time.monotonic() < deadline and proc.poll() is None:
        loaded = rows(clean_neo4j, neo4j_database, "MATCH (d:Document) RETURN count(d) AS n")[0]["n"]
        if loaded >= 20:
            break
        time.sleep(0.05)
    proc.kill()  # SIGKILL: no cleanup, no last commit
    proc.wait(timeout=30)
    assert proc.returncode == -9

    # Whatever was committed is whole: every present document has all its sentences and evidence.
    present = rows(
        clean_neo4j,
        neo4j_database,
        """
        MATCH (d:Document)
        RETURN d.id AS id, COUNT { (d)-[:HAS_SENTENCE]->() } AS sentences,
               COUNT { MATCH (e:Evidence {doc_id: d.id}) } AS evidence""",
    )
    assert 0 < len(present) < n, "the kill should land mid-import"
    for doc in present:
        want = expected[doc["id"]]
        assert (doc["sentences"], doc["evidence"]) == (len(want.sentences), len(want.evidence)), doc["id"]
    assert rows(
        clean_neo4j,
        neo4j_database,
        """
        MATCH (e:Evidence) WHERE NOT EXISTS { MATCH (:Document {id: e.doc_id}) } RETURN count(e) AS n""",
    ) == [{"n": 0}]

    rerun = subprocess.run(command, env=neo4j_env, capture_output=True, text=True, timeout=600, check=False)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["documents_skipped"] == len(present)
    assert summary["documents_loaded"] == n - len(present)
    resumed = graph_checksum(clean_neo4j, neo4j_database)

    clear(clean_neo4j, neo4j_database)
    clean = subprocess.run(command, env=neo4j_env, capture_output=True, text=True, timeout=600, check=False)
    assert clean.returncode == 0, clean.stderr
    assert graph_checksum(clean_neo4j, neo4j_database) == resumed
    assert duplicates(clean_neo4j, neo4j_database) == {"nodes": 0, "relationships": 0}


def test_runner_environment_is_complete(neo4j_env: dict[str, str]) -> None:
    # The subprocesses above read these; fail clearly if the fixture stops providing them.
    for key in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_DATABASE"):
        assert key in neo4j_env
    assert Path(INTELGRAPH).exists()
