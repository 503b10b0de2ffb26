"""`intelgraph import` and `intelgraph documents` as a user runs them (subprocesses, real Neo4j)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import neo4j
import pytest

from bench.synth_extractions import generate_extractions

pytestmark = pytest.mark.neo4j

INTELGRAPH = str(Path(sys.executable).parent / "intelgraph")
SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_2783307ef2ad6d18.md"


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [INTELGRAPH, *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_import_seed_then_list_show_delete(clean_neo4j: neo4j.Driver, neo4j_env: dict[str, str]) -> None:
    first = run(neo4j_env, "import", str(SEED), "--json")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert (summary["documents_loaded"], summary["documents_skipped"], summary["documents_failed"]) == (
        1,
        0,
        0,
    )
    assert summary["facts"] > 0 and summary["evidence"] > summary["facts"]
    assert "1 document loaded, 0 skipped" in first.stderr

    again = run(neo4j_env, "import", str(SEED), "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["documents_skipped"] == 1

    listed = run(neo4j_env, "documents", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    payload = json.loads(listed.stdout)
    assert payload["next_cursor"] is None
    (doc,) = payload["items"]
    assert doc["published"] == "2022-08-09" and doc["sentences"] == 13
    assert doc["facts"] == summary["facts"]  # counted as the import counts them

    short = doc["id"].removeprefix("doc:")[:8]  # a unique prefix is enough
    shown = run(neo4j_env, "documents", "show", short, "--json")
    assert shown.returncode == 0, shown.stderr
    detail = json.loads(shown.stdout)
    assert detail["id"] == doc["id"] and detail["path"] == str(SEED)
    assert len(detail["sentences"]) == 13
    holds = [f for f in detail["facts"] if f["type"] == "HOLDS_OFFICE" and "Petro" in f["text"]]
    assert holds and holds[0]["sentence"] == 3

    deleted = run(neo4j_env, "documents", "delete", doc["id"], "--json")
    assert deleted.returncode == 0, deleted.stderr
    assert json.loads(deleted.stdout)["facts_removed"] > 0
    gone = run(neo4j_env, "documents", "show", doc["id"])
    assert gone.returncode == 1
    assert "no document with id" in gone.stderr and "Traceback" not in gone.stderr


def test_bad_inputs_are_reported_and_the_rest_loads(
    clean_neo4j: neo4j.Driver, neo4j_env: dict[str, str], tmp_path: Path
) -> None:
    good, other = generate_extractions(2, seed=4)
    broken = other.model_copy(deep=True)
    broken.sentences[0].text = "not what the text says"
    corpus = tmp_path / "extractions.jsonl"
    corpus.write_text(
        good.model_dump_json() + "\n" + "{not json\n" + broken.model_dump_json() + "\n", encoding="utf-8"
    )
    result = run(neo4j_env, "import", "--extracted", str(corpus), str(tmp_path / "missing.jsonl"), "--json")
    assert result.returncode == 1
    summary = json.loads(result.stdout)
    assert (summary["documents_loaded"], summary["documents_failed"]) == (1, 3)
    failures = "\n".join(summary["failures"])
    assert f"{corpus}:2: not an extraction" in failures
    assert "missing.jsonl: no such file or folder" in failures
    assert "https://synthetic.example/news/1: rejected, 1 problem(s): sentence 0" in failures
    assert "Traceback" not in result.stderr
    records, _, _ = clean_neo4j.execute_query("MATCH (d:Document) RETURN d.id AS id")
    assert [r["id"] for r in records] == [good.document.id]


def test_unreadable_source_files_are_named(
    clean_neo4j: neo4j.Driver, neo4j_env: dict[str, str], tmp_path: Path
) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "notes.txt"
    binary.write_bytes(b"\x00\x01\x02")
    result = run(neo4j_env, "import", str(empty), str(binary), "--json")
    assert result.returncode == 1
    failures = json.loads(result.stdout)["failures"]
    assert any(str(empty) in f and "empty" in f for f in failures)
    assert any(str(binary) in f and "binary" in f for f in failures)


def test_unreachable_neo4j_is_one_clear_line(neo4j_env: dict[str, str], tmp_path: Path) -> None:
    env = {**neo4j_env, "NEO4J_URI": "bolt://127.0.0.1:9"}
    result = run(env, "import", "--extracted", str(tmp_path / "none.jsonl"))
    assert result.returncode == 2
    assert "Neo4j is not reachable" in result.stderr and "bolt://127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.stderr
