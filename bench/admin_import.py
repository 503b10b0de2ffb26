"""The ceiling: Neo4j's offline bulk importer (`neo4j-admin database import full`) on the same graph.

`write_csvs` writes the graph the loader would build from a corpus (the same row builders, entities
merged the same way) as the importer's CSV files; `run_import` runs the importer from the same
jars as the server (org.neo4j.cli.AdminTool) into a fresh database under a private home. The
importer builds no indexes or constraints (those are created afterwards, when the server starts);
the online loader maintains them all along. Its wall time includes the JVM start.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from importers.load_rows import DocumentRows, combine

ARRAY = ";"


@dataclass
class ImportResult:
    wall_seconds: float  # including the JVM start
    tool_seconds: float | None  # what the importer reports ("IMPORT DONE in ...")
    nodes: int | None
    relationships: int | None
    output_tail: str


def _cell(value: Any) -> Any:
    if value is None:
        return ""  # an empty unquoted field: no property
    if isinstance(value, list):
        return ARRAY.join(str(v) for v in value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


class _Csv:
    def __init__(self, path: Path, header: list[str]) -> None:
        self.path = path
        self.handle = path.open("w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.handle)
        self.writer.writerow(header)
        self.keys = [h.split(":")[0] for h in header]

    def row(self, values: Sequence[Any]) -> None:
        self.writer.writerow([_cell(v) for v in values])

    def close(self) -> None:
        self.handle.close()


def write_csvs(docs: list[DocumentRows], folder: Path, now: dt.datetime) -> tuple[list[Path], list[Path]]:
    """Node and relationship CSV files for the graph of `docs`; returns (node files, relationship files)."""
    folder.mkdir(parents=True, exist_ok=True)
    shared = combine(docs)
    when = now.isoformat()
    nodes: list[Path] = []
    rels: list[Path] = []

    def node_file(name: str, header: list[str]) -> _Csv:
        out = _Csv(folder / f"{name}.csv", header)
        nodes.append(out.path)
        return out

    def rel_file(name: str, header: list[str]) -> _Csv:
        out = _Csv(folder / f"{name}.csv", header)
        rels.append(out.path)
        return out

    out = node_file(
        "documents",
        [
            "id:ID",
            ":LABEL",
            "title",
            "source",
            "url",
            "path",
            "published",
            "metadata",
            "reliability",
            "text",
            "extraction_hash",
            "contract:long",
            "ingested_at:datetime",
        ],
    )
    for d in docs:
        r = d.document
        out.row(
            [
                r["id"],
                "Document",
                r["title"],
                r["source"],
                r["url"],
                r["path"],
                r["published"],
                r["metadata"],
                r["reliability"],
                r["text"],
                r["extraction_hash"],
                r["contract"],
                when,
            ]
        )
    out.close()

    out = node_file(
        "sentences", ["id:ID", ":LABEL", "doc_id", "index:long", "start:long", "end:long", "text"]
    )
    has = rel_file("has_sentence", [":START_ID", ":END_ID", ":TYPE"])
    nxt = rel_file("next", [":START_ID", ":END_ID", ":TYPE"])
    for d in docs:
        previous = None
        for s in d.sentences:
            out.row([s["id"], "Sentence", s["doc_id"], s["index"], s["start"], s["end"], s["text"]])
            has.row([d.doc_id, s["id"], "HAS_SENTENCE"])
            if previous is not None:
                nxt.row([previous, s["id"], "NEXT"])
            previous = s["id"]
    for f in (out, has, nxt):
        f.close()

    out = node_file(
        "evidence",
        [
            "id:ID",
            ":LABEL",
            "fact_id",
            "fact_kind",
            "fact_type",
            "doc_id",
            "sentence_id",
            "sentence_index:long",
            "start:long",
            "end:long",
            "text",
            "extractor",
            "confidence:double",
            "credibility:long",
            "ingested_at:datetime",
        ],
    )
    in_sentence = rel_file("in_sentence", [":START_ID", ":END_ID", ":TYPE"])
    supports = rel_file("supports", [":START_ID", ":END_ID", ":TYPE"])
    for d in docs:
        for e in d.evidence:
            out.row(
                [
                    e["id"],
                    "Evidence",
                    e["fact_id"],
                    e["fact_kind"],
                    e["fact_type"],
                    e["doc_id"],
                    e["sentence_id"],
                    e["sentence_index"],
                    e["start"],
                    e["end"],
                    e["text"],
                    e["extractor"],
                    e["confidence"],
                    e["credibility"],
                    when,
                ]
            )
            in_sentence.row([e["id"], e["sentence_id"], "IN_SENTENCE"])
            if e["fact_kind"] in ("mention", "node"):
                supports.row([e["id"], e["fact_id"], "SUPPORTS"])
    for f in (out, in_sentence, supports):
        f.close()

    out = node_file(
        "entities",
        [
            "id:ID",
            ":LABEL",
            "name",
            "aliases:string[]",
            "search_text",
            "iso2",
            "iso3",
            "title",
            "jurisdiction",
            "countries:string[]",
            "length_km:double",
            "length_mi:double",
            "properties",
            "first_seen:datetime",
            "last_seen:datetime",
        ],
    )
    for e in shared.entities:
        aliases = sorted(a for a in e["aliases"] if a != e["name"])
        search = " | ".join([e["name"], *aliases])
        out.row(
            [
                e["id"],
                f"Entity{ARRAY}{e['label']}",
                e["name"],
                aliases or None,
                search,
                e["iso2"],
                e["iso3"],
                e["title"],
                e["jurisdiction"],
                e["countries"],
                e["length_km"],
                e["length_mi"],
                e["properties"],
                when,
                when,
            ]
        )
    out.close()

    out = node_file(
        "statements",
        [
            "id:ID",
            ":LABEL",
            "text",
            "kind",
            "channel",
            "date",
            "speaker",
            "first_seen:datetime",
            "last_seen:datetime",
        ],
    )
    for s in shared.statements:
        out.row(
            [s["id"], "Statement", s["text"], s["kind"], s["channel"], s["date"], s["speaker"], when, when]
        )
    out.close()
    out = node_file(
        "events",
        [
            "id:ID",
            ":LABEL",
            "type",
            "cameo",
            "modality",
            "date",
            "date_text",
            "first_seen:datetime",
            "last_seen:datetime",
        ],
    )
    for e in shared.events:
        out.row(
            [e["id"], "Event", e["type"], e["cameo"], e["modality"], e["date"], e["date_text"], when, when]
        )
    out.close()

    out = rel_file(
        "facts",
        [
            ":START_ID",
            ":END_ID",
            ":TYPE",
            "id",
            "valid_from",
            "valid_to",
            "properties",
            "first_seen:datetime",
            "last_seen:datetime",
        ],
    )
    for r in shared.fact_relations:
        out.row(
            [
                r["source"],
                r["target"],
                r["type"],
                r["id"],
                r["valid_from"],
                r["valid_to"],
                r["properties"],
                when,
                when,
            ]
        )
    for link in shared.statement_links:
        ends = (
            [link["entity"], link["statement"]]
            if link["type"] == "SAID"
            else [link["statement"], link["entity"]]
        )
        out.row([*ends, link["type"], link["id"], None, None, None, when, when])
    out.close()
    out = rel_file(
        "participants",
        [":START_ID", ":END_ID", ":TYPE", "id", "role", "first_seen:datetime", "last_seen:datetime"],
    )
    for p in shared.participants:
        out.row([p["entity"], p["event"], "PARTICIPATED_IN", p["id"], p["role"], when, when])
    out.close()
    return nodes, rels


def run_import(
    jars_dir: Path, home: Path, nodes: list[Path], rels: list[Path], heap: str = "1g"
) -> ImportResult:
    """Run `neo4j-admin database import full` into a fresh database under `home`."""
    conf = home / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "neo4j.conf").write_text(
        f"server.directories.data={home / 'data'}\nserver.directories.logs={home / 'logs'}\n"
        f"server.directories.lib={jars_dir}\n",
        encoding="utf-8",
    )
    command = [
        "java",
        f"-Xmx{heap}",
        "-cp",
        f"{jars_dir}/*",
        "org.neo4j.cli.AdminTool",
        "database",
        "import",
        "full",
        *(f"--nodes={p}" for p in nodes),
        *(f"--relationships={p}" for p in rels),
        "--multiline-fields=true",
        f"--array-delimiter={ARRAY}",
        "--overwrite-destination=true",
        f"--report-file={home / 'import.report'}",
        "neo4j",
    ]
    started = time.perf_counter()
    done = subprocess.run(
        command,
        env={"NEO4J_HOME": str(home), "NEO4J_CONF": str(conf), "PATH": _path()},
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    wall = time.perf_counter() - started
    output = done.stdout + done.stderr
    if done.returncode != 0:
        raise RuntimeError(f"neo4j-admin import failed ({done.returncode}):\n{output[-3000:]}")
    tool = re.search(r"IMPORT DONE in (?:(\d+)m )?(?:(\d+)s )?(\d+)ms", output)
    tool_seconds = None
    if tool:
        minutes, seconds, millis = (int(g) if g else 0 for g in tool.groups())
        tool_seconds = minutes * 60 + seconds + millis / 1000
    n = re.search(r"(\d+) nodes", output)
    r = re.search(r"(\d+) relationships", output)
    return ImportResult(
        wall,
        tool_seconds,
        int(n.group(1)) if n else None,
        int(r.group(1)) if r else None,
        "\n".join(output.strip().splitlines()[-6:]),
    )


def _path() -> str:
    import os

    return os.environ.get("PATH", "/usr/bin:/bin")


def dump(result: ImportResult) -> str:
    return json.dumps(result.__dict__, indent=2)
