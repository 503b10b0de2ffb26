"""`intelgraph query|paths|ties` against the session Neo4j with the seed: same answers as the API."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from importers.contract import Extraction

ROOT = Path(__file__).resolve().parents[2]


def intelgraph(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_query_paths_ties_on_the_cli(neo4j_env: dict[str, str], seeded: Extraction) -> None:
    listed = intelgraph(neo4j_env, "query", "--json")
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)["items"]) >= 12

    run = intelgraph(
        neo4j_env,
        "query",
        "officials_on_date",
        "--param",
        "jurisdiction=country:COL",
        "--param",
        "date=2022-08-09",
        "--json",
    )
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)["rows"]
    people = {row["person_id"] for row in rows}
    assert {"person:gustavo-petro", "person:ivan-velasquez"} <= people
    # One president on that day: Petro's start (2022-08-07) ended Duque's tenure (2018-).
    assert [row["person"] for row in rows if row["office"] == "President"] == ["Gustavo Petro"]

    as_csv = intelgraph(neo4j_env, "query", "border_facts", "--format", "csv")
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0][:2] == ["border", "countries"] and rows[1][1] == "Colombia;Venezuela"

    table = intelgraph(neo4j_env, "query", "border_facts")
    assert table.returncode == 0 and "Colombia" in table.stdout

    bad = intelgraph(
        neo4j_env,
        "query",
        "officials_on_date",
        "--param",
        "jurisdiction=country:COL",
        "--param",
        "limit=lots",
    )
    assert bad.returncode == 2 and "params.limit" in bad.stderr and "Traceback" not in bad.stderr
    unknown = intelgraph(neo4j_env, "query", "no_such_query")
    assert unknown.returncode == 1 and "no saved query" in unknown.stderr

    paths = intelgraph(neo4j_env, "paths", "Padrino Lopez", "Velasquez", "--json")
    assert paths.returncode == 0, paths.stderr
    body = json.loads(paths.stdout)
    assert body["from"]["id"] == "person:vladimir-padrino-lopez" and body["paths"]
    text_paths = intelgraph(neo4j_env, "paths", "Padrino Lopez", "Velasquez")
    assert "Vladimir Padrino Lopez" in text_paths.stdout and "source(s)" in text_paths.stdout

    ties = intelgraph(neo4j_env, "ties", "VEN", "COL", "--as-of", "2022-08-10", "--json")
    assert ties.returncode == 0, ties.stderr
    tie_body = json.loads(ties.stdout)
    states = {t["tie"]: (t["state_as_of"], t["intervals"][-1]["modality"]) for t in tie_body["ties"]}
    assert states == {"diplomatic": ("restoring", "pledged"), "military": ("restoring", "planned")}
    assert all(t["evidence_as_of"] and t["evidence_as_of"][0]["evidence"] for t in tie_body["ties"])
    # Before any evidence (the seed's undated break is bounded by its publication): no state.
    early = intelgraph(neo4j_env, "ties", "VEN", "COL", "--as-of", "2015", "--json")
    assert early.returncode == 0, early.stderr
    assert {t["tie"]: (t["state_as_of"], t["evidence_as_of"]) for t in json.loads(early.stdout)["ties"]} == {
        "diplomatic": ("unknown", []),
        "military": ("unknown", []),
    }
    early_text = intelgraph(neo4j_env, "ties", "VEN", "COL", "--as-of", "2015")
    assert "diplomatic: unknown" in early_text.stdout and "military: unknown" in early_text.stdout
    bad_date = intelgraph(neo4j_env, "ties", "VEN", "COL", "--as-of", "tomorrow")
    assert bad_date.returncode == 2 and "--as-of" in bad_date.stderr
    missing = intelgraph(neo4j_env, "ties", "VEN", "Atlantis")
    assert missing.returncode == 1 and "Atlantis" in missing.stderr

    # --format csv prints CSV (user trial: ties and paths printed their tables), nothing else on stdout.
    ties_csv = intelgraph(neo4j_env, "ties", "VEN", "COL", "--format", "csv")
    assert ties_csv.returncode == 0, ties_csv.stderr
    ties_rows = list(csv.reader(io.StringIO(ties_csv.stdout)))
    assert ties_rows[0] == ["date", "kind", "type", "modality", "who / what"]
    assert len(ties_rows) - 1 == len(tie_body["timeline"]) and "│" not in ties_csv.stdout
    paths_csv = intelgraph(neo4j_env, "paths", "Padrino Lopez", "Velasquez", "--format", "csv")
    assert paths_csv.returncode == 0, paths_csv.stderr
    path_rows = list(csv.reader(io.StringIO(paths_csv.stdout)))
    assert path_rows[0] == ["path", "hop", "source", "type", "target", "forward", "sources", "fact_id"]
    assert len(path_rows) - 1 == sum(len(p["hops"]) for p in body["paths"])
    assert path_rows[1][2] == "person:vladimir-padrino-lopez"

    # A name where an id is expected: resolved, or exit 2 naming the candidates.
    by_name = intelgraph(
        neo4j_env, "query", "officials_on_date", "--param", "jurisdiction=Colombia", "--json"
    )
    assert by_name.returncode == 0, by_name.stderr
    assert {row["person_id"] for row in json.loads(by_name.stdout)["rows"]} >= people
    unknown_name = intelgraph(neo4j_env, "query", "officials_on_date", "--param", "jurisdiction=Colombi")
    assert unknown_name.returncode == 2
    assert (
        "params.jurisdiction: no entity is named 'Colombi'; did you mean country:COL" in unknown_name.stderr
    )


@pytest.mark.anyio
async def test_cli_and_api_agree(
    neo4j_env: dict[str, str], client: httpx.AsyncClient, seeded: Extraction
) -> None:
    cli = json.loads(intelgraph(neo4j_env, "ties", "VEN", "COL", "--as-of", "2022-08-10", "--json").stdout)
    api = (await client.get("/api/ties/VEN/COL", params={"as_of": "2022-08-10"})).json()
    assert cli == api


@pytest.mark.anyio
async def test_documents_cli_and_api_agree(
    neo4j_env: dict[str, str], client: httpx.AsyncClient, seeded: Extraction
) -> None:
    """`intelgraph documents list|show --json` print exactly the API's pages (one module reads both)."""
    api_page = (await client.get("/api/documents", params={"limit": 50})).json()
    listed = intelgraph(neo4j_env, "documents", "list", "--limit", "50", "--json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == api_page
    doc_id = seeded.document.id
    assert doc_id in {item["id"] for item in api_page["items"]}
    seeded_item = next(item for item in api_page["items"] if item["id"] == doc_id)
    contract_facts = len(seeded.relations) + len(seeded.statements) + len(seeded.events)
    assert seeded_item["facts"] == contract_facts

    by_source = intelgraph(neo4j_env, "documents", "list", "--source", "no such source", "--json")
    assert json.loads(by_source.stdout) == {"items": [], "next_cursor": None}

    first = intelgraph(neo4j_env, "documents", "list", "--limit", "1", "--json")
    first_api = (await client.get("/api/documents", params={"limit": 1})).json()
    assert json.loads(first.stdout) == first_api
    if first_api["next_cursor"]:
        cursor = first_api["next_cursor"]
        after_cli = intelgraph(neo4j_env, "documents", "list", "--limit", "1", "--cursor", cursor, "--json")
        after_api = (await client.get("/api/documents", params={"limit": 1, "cursor": cursor})).json()
        assert json.loads(after_cli.stdout) == after_api

    shown = intelgraph(neo4j_env, "documents", "show", doc_id.removeprefix("doc:")[:10], "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == (await client.get(f"/api/documents/{doc_id}")).json()
    # One count of a document's facts everywhere (user trial: list, home page and document view
    # showed three numbers): the detail's fact_count is the list's facts, and the table says so.
    assert json.loads(shown.stdout)["fact_count"] == seeded_item["facts"] == contract_facts
    table = intelgraph(neo4j_env, "documents", "show", doc_id, "--format", "table")
    assert table.returncode == 0, table.stderr
    assert f"{contract_facts} facts (" in table.stdout
    assert "sentences numbered from 1" in table.stdout
    # The list's table keeps its counts on an 80-column terminal (they were squeezed to nothing).
    narrow = intelgraph({**neo4j_env, "COLUMNS": "80"}, "documents", "list")
    assert narrow.returncode == 0, narrow.stderr
    row = next(line for line in narrow.stdout.splitlines() if line.startswith(f"│ {doc_id[:16]} "))
    cells = [c.strip() for c in row.split("│")[1:-1]]
    assert cells[3:5] == [str(seeded_item["sentences"]), str(contract_facts)], row

    missing = intelgraph(neo4j_env, "documents", "show", "doc:nothing-like-this")
    assert missing.returncode == 1 and "no document with id" in missing.stderr
    assert "Traceback" not in missing.stderr
