"""`intelgraph import` under bad input and faults: per-file errors, the rest loads; workers die with it."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import neo4j
import pytest

from bench.synth_extractions import generate_extractions

pytestmark = pytest.mark.neo4j

INTELGRAPH = str(Path(sys.executable).parent / "intelgraph")


def documents(driver: neo4j.Driver) -> list[dict[str, str | None]]:
    records, _, _ = driver.execute_query(
        "MATCH (d:Document) RETURN d.path AS path, d.published AS published ORDER BY path"
    )
    return [dict(r) for r in records]


def test_bad_files_and_lines_are_reported_with_file_and_line_and_the_rest_loads(
    clean_neo4j: neo4j.Driver, neo4j_env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    good = folder / "a_good.md"
    good.write_text("---\npublished: 2022-09-26\n---\nPetro met Maduro in Caracas.\n", encoding="utf-8")
    bad_date = folder / "b_bad_date.md"
    bad_date.write_text("---\ntitle: Bad\npublished: 2022-13-45\n---\nPetro met Maduro.\n", encoding="utf-8")
    corpus = folder / "c_corpus.jsonl"
    deep = '{"text": "Deep.", "x": ' + "[" * 5000 + "]" * 5000 + "}"
    corpus.write_text(
        deep + "\n" + json.dumps({"text": "Colombia and Venezuela met."}) + "\n", encoding="utf-8"
    )
    utf16 = folder / "d_utf16.txt"
    utf16.write_bytes("Duque visited Bogotá.".encode("utf-16"))
    bomb = folder / "e_bomb.md"
    bomb.write_text("---\na: &a [x, x]\nb: [*a, *a]\n---\nBody.\n", encoding="utf-8")

    result = subprocess.run(
        [INTELGRAPH, "import", str(folder), str(tmp_path / "missing.txt"), "--json"],
        env=neo4j_env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    expected = [
        f"{bad_date}:3: published '2022-13-45' is not a valid date (month must be in 1..12)",
        f"{corpus}:1: JSON nested more than 64 levels deep",
        f"{bomb}:2: malformed front matter: anchors and aliases (&, *) are not allowed in front matter",
        f"{tmp_path / 'missing.txt'}: no such file or folder",
    ]
    for line in expected:
        assert line in lines, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["documents_loaded"], summary["documents_failed"]) == (3, 4)
    assert summary["failures"] == expected
    assert documents(clean_neo4j) == [
        {"path": str(good), "published": "2022-09-26"},
        {"path": f"{corpus}:2", "published": None},
        {"path": str(utf16), "published": None},
    ]


# -- the process pool and the parent's death ----------------------------------------------------


def _children(pid: int) -> set[int]:
    """Live descendants of `pid` (zombies count as gone: they hold no memory and run nothing)."""
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        parents, frontier = frontier, set()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            state = _stat(int(entry.name))
            if state is not None and state[1] in parents and state[0] != "Z":
                found.add(int(entry.name))
                frontier.add(int(entry.name))
    return found


def _stat(pid: int) -> tuple[str, int] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])  # state, ppid


def _alive(pid: int) -> bool:
    state = _stat(pid)
    return state is not None and state[0] != "Z"


def _workers(pid: int) -> set[int]:
    out = set()
    for child in _children(pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline:
            out.add(child)
    return out


@pytest.fixture
def big_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for i, extraction in enumerate(generate_extractions(1500, seed=21)):
        (folder / f"{i:05d}.txt").write_text(extraction.text or "", encoding="utf-8")
    return folder


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; PR_SET_PDEATHSIG is Linux")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_workers_die_with_the_import(
    clean_neo4j: neo4j.Driver, neo4j_env: dict[str, str], big_corpus: Path, how: signal.Signals
) -> None:
    proc = subprocess.Popen(
        [INTELGRAPH, "import", str(big_corpus), "--workers", "2"],
        env=neo4j_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 300
        workers: set[int] = set()
        loaded = 0
        while time.monotonic() < deadline and proc.poll() is None:
            workers = _workers(proc.pid) or workers
            loaded = len(documents(clean_neo4j))
            if len(workers) == 2 and loaded > 0:  # both workers up, their extractions being loaded
                break
            time.sleep(0.1)
        if proc.poll() is not None:
            pytest.fail(f"import ended before the signal (exit {proc.returncode}): {proc.communicate()[1]}")
        assert len(workers) == 2 and loaded > 0, "the signal should land mid-import"
        everything = _children(proc.pid)  # the workers and multiprocessing's resource tracker
        assert workers <= everything
        proc.send_signal(how)
        _, stderr = proc.communicate(timeout=60)
        gone_by = time.monotonic() + 5
        while time.monotonic() < gone_by and any(_alive(p) for p in everything):
            time.sleep(0.1)
        assert [p for p in everything if _alive(p)] == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if how == signal.SIGINT:
        assert proc.returncode == 130, stderr
        assert "Traceback" not in stderr, stderr
        assert [line for line in stderr.splitlines() if "interrupted" in line] == [
            "error: interrupted: documents written so far are complete; re-run the same import to finish it"
        ]
    else:
        assert proc.returncode == -how
