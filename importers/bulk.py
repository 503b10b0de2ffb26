"""Bulk first load: the graph of a whole corpus as CSV files for `neo4j-admin database import full`.

For an EMPTY database only (the importer writes a new store). The documents go through the same
row builders (importers/load_rows.py) and the same entity resolution (importers/resolution.py, one
`Resolver` over the corpus in order, as the online loader keeps across its batches) as
importers/loader.py; `build_graph` then applies, in Python, what the cypher/load queries do in the
database: shared nodes and facts merged on their ids (the smallest value wins, aliases united), each
evidence's `claim_<field>` values, the facts' contested state, the Resolution records, and lone-name
people absorbed into full names (relationships re-pointed, fact ids kept). The result has the same
content checksum (importers/graph_checksum.py) as the online load of the same corpus. What CSV
cannot hold (empty arrays) and the generation counter (`:Meta`) are written by `finish` once the
server runs again.

`run_import` runs the importer from the same jars as the local server (org.neo4j.cli.AdminTool).
The importer builds no indexes or constraints: the schema is applied afterwards (`db init`).
Stopping and starting the server is the caller's (app/cli), not this module's.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import subprocess
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction

from importers.contract import Extraction
from importers.cypher_runner import CypherRunner
from importers.generation import Generation, bump_in_tx
from importers.load_rows import DocumentRows, combine
from importers.loader import FailedDocument, _deduplicate, _prepare
from importers.resolution import Resolver
from importers.resolution import Settings as ResolutionSettings

ARRAY = ";"
"""Array delimiter in the CSV files (a value holding it would be split: checked in `write_csvs`)."""

_DOCUMENT_KEYS = (
    "id", "title", "source", "url", "path", "published", "metadata", "reliability", "text",
    "extraction_hash", "contract",
)  # fmt: skip
_SENTENCE_KEYS = ("id", "doc_id", "index", "start", "end", "text")
_EVIDENCE_KEYS = (
    "id", "fact_id", "fact_kind", "fact_type", "doc_id", "sentence_id", "sentence_index", "start",
    "end", "text", "extractor", "confidence", "credibility",
)  # fmt: skip
_ENTITY_KEYS = (
    "name", "countries", "iso2", "iso3", "title", "jurisdiction", "length_km", "length_mi",
    "single_holder", "properties",
)  # fmt: skip
_STATEMENT_KEYS = ("id", "text", "kind", "channel", "date", "speaker")
_EVENT_KEYS = ("id", "type", "cameo", "modality", "date", "date_text")
_RESOLUTION_KEYS = (
    "id", "doc_id", "written_id", "written_name", "entity_id", "decision", "score", "rule", "reason",
    "candidates", "candidate_scores", "status",
)  # fmt: skip


class BulkImportError(RuntimeError):
    """The importer failed (its output's tail is in the message)."""


@dataclass
class Node:
    labels: list[str]
    props: dict[str, Any]


@dataclass
class Relationship:
    start: str
    end: str
    type: str
    props: dict[str, Any]


@dataclass
class Graph:
    """The whole graph, node ids unique across labels (the importer's single id space)."""

    nodes: dict[str, Node] = field(default_factory=dict)
    relationships: list[Relationship] = field(default_factory=list)
    documents: int = 0
    facts: int = 0
    evidence: int = 0


@dataclass
class Prepared:
    docs: list[DocumentRows]
    skipped: list[str]
    failed: list[FailedDocument]


@dataclass
class ImportResult:
    wall_seconds: float  # including the JVM start
    tool_seconds: float | None  # what the importer reports ("IMPORT DONE in ...")
    nodes: int | None
    relationships: int | None
    output_tail: str


def prepare(extractions: Iterable[Extraction], resolution: ResolutionSettings | None) -> Prepared:
    """Resolve and build the rows of every document, in order, as the online loader would into an
    empty graph (one resolver for the whole corpus); repeated texts and older versions of one
    url/path are dropped (`skipped`), invalid documents reported (`failed`)."""
    resolver = Resolver([], resolution, []) if resolution is not None else None
    prepared = _prepare(list(extractions), resolver)
    unique, skipped = _deduplicate(prepared.rows)
    return Prepared(docs=unique, skipped=skipped, failed=prepared.rejected)


def _absorption(docs: Sequence[DocumentRows]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for doc in docs:
        for row in doc.absorbed:
            mapping[row["from"]] = row["to"]

    def final(entity_id: str) -> str:
        seen: set[str] = set()
        while entity_id in mapping and entity_id not in seen:
            seen.add(entity_id)
            entity_id = mapping[entity_id]
        return entity_id

    return {k: final(k) for k in mapping}


def _aliases(values: Iterable[str], name: Any) -> list[str]:
    return sorted({a for a in values if a != name})


def _search_text(name: Any, aliases: list[str]) -> str:
    return " | ".join([str(name), *aliases])


def build_graph(docs: Sequence[DocumentRows], now: dt.datetime) -> Graph:
    """The graph the cypher/load queries build from `docs` loaded into an empty database."""
    rows = combine(docs)
    moved = _absorption(docs)

    def to(entity_id: str) -> str:
        return moved.get(entity_id, entity_id)

    graph = Graph(documents=len(docs), facts=sum(d.facts for d in docs))
    nodes = graph.nodes
    seen = {"first_seen": now, "last_seen": now}
    # An office is single-holder when any document says so (merge_entities).
    single = {r["id"] for d in docs for r in d.entities if r.get("single_holder")}

    entities: dict[str, dict[str, Any]] = {}
    for e in rows.entities:
        props = {k: e.get(k) for k in _ENTITY_KEYS}
        if e["id"] in single:
            props["single_holder"] = True
        props["aliases"] = _aliases(e["aliases"], e["name"])
        entities[e["id"]] = props
        nodes[e["id"]] = Node(["Entity", e["label"]], props)
    for old, new in moved.items():  # resolve_absorb: names kept as aliases, `old` deleted
        gone = entities.pop(old, None)
        nodes.pop(old, None)
        if gone is not None and new in entities:
            kept = entities[new]
            kept["aliases"] = _aliases([*kept["aliases"], *gone["aliases"], gone["name"]], kept["name"])
    for props in entities.values():
        props["search_text"] = _search_text(props["name"], props["aliases"])
        props.update(seen)

    for s in rows.statements:
        props = {k: s.get(k) for k in _STATEMENT_KEYS}
        if props["speaker"] is not None:
            props["speaker"] = to(props["speaker"])
        nodes[s["id"]] = Node(["Statement"], {**props, **seen})
    for ev in rows.events:
        nodes[ev["id"]] = Node(["Event"], {**{k: ev.get(k) for k in _EVENT_KEYS}, **seen})

    rels = graph.relationships
    fact_rels: dict[str, Relationship] = {}
    for r in rows.fact_relations:
        props = {"id": r["id"], "valid_from": r["valid_from"], "valid_to": r["valid_to"],
                 "properties": r["properties"], **seen}  # fmt: skip
        rel = Relationship(to(r["source"]), to(r["target"]), r["type"], props)
        fact_rels[r["id"]] = rel
        rels.append(rel)
    for link in rows.statement_links:
        entity = to(link["entity"])
        ends = (entity, link["statement"]) if link["type"] == "SAID" else (link["statement"], entity)
        rels.append(Relationship(ends[0], ends[1], link["type"], {"id": link["id"], **seen}))
    for p in rows.participants:
        rels.append(
            Relationship(
                to(p["entity"]), p["event"], "PARTICIPATED_IN", {"id": p["id"], "role": p["role"], **seen}
            )
        )

    claims = {c["id"]: c["claims"] for c in rows.claims}
    by_fact: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        nodes[doc.doc_id] = Node(
            ["Document"], {**{k: doc.document.get(k) for k in _DOCUMENT_KEYS}, "ingested_at": now}
        )
        previous: str | None = None
        for s in doc.sentences:
            nodes[s["id"]] = Node(["Sentence"], {k: s.get(k) for k in _SENTENCE_KEYS})
            rels.append(Relationship(doc.doc_id, s["id"], "HAS_SENTENCE", {}))
            if previous is not None:
                rels.append(Relationship(previous, s["id"], "NEXT", {}))
            previous = s["id"]
        for e in doc.evidence:
            fact_id = to(e["fact_id"])
            props = {k: e.get(k) for k in _EVIDENCE_KEYS}
            props["fact_id"] = fact_id
            props.update(claims.get(e["id"], {}))
            props["ingested_at"] = now
            nodes[e["id"]] = Node(["Evidence"], props)
            by_fact.setdefault(fact_id, []).append(props)
            rels.append(Relationship(e["id"], e["sentence_id"], "IN_SENTENCE", {}))
            if e["fact_kind"] in ("mention", "node"):
                rels.append(Relationship(e["id"], fact_id, "SUPPORTS", {}))
            graph.evidence += 1

    # merge_contested: a fact is contested when its evidence claims more than one value of a field.
    for c in rows.contested:
        fact_id = to(c["id"])
        evidence = by_fact.get(fact_id, [])
        fields = [
            f for f in c["fields"]
            if len({_hashable(e["claim_" + f]) for e in evidence if e.get("claim_" + f) is not None}) > 1
        ]  # fmt: skip
        target = fact_rels[c["id"]].props if c["kind"] == "relationship" else nodes[fact_id].props
        target["contested"] = True if fields else None
        target["contested_fields"] = fields or None

    for r in rows.resolutions:
        props = {k: r.get(k) for k in _RESOLUTION_KEYS}
        props["entity_id"] = to(r["entity_id"])
        nodes[r["id"]] = Node(["Resolution"], {**props, "decided_at": now})
    return graph


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


# --------------------------------------------------------------------------------------------
# CSV files


def _type_of(values: Iterable[Any]) -> str:
    kinds: set[str] = set()
    for v in values:
        if v is None:
            continue
        if isinstance(v, list):
            inner = {_scalar_type(x) for x in v} or {"string"}
            kinds.add(("double" if inner == {"long", "double"} else inner.pop()) + "[]")
        else:
            kinds.add(_scalar_type(v))
    if kinds == {"long", "double"}:
        return "double"
    if len(kinds) > 1:
        raise ValueError(f"a property holds values of several types: {sorted(kinds)}")
    return kinds.pop() if kinds else "string"


def _scalar_type(v: Any) -> str:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "long"
    if isinstance(v, float):
        return "double"
    if isinstance(v, dt.datetime):
        return "datetime"
    return "string"


def _cell(value: Any) -> Any:
    if value is None:
        return ""  # an empty unquoted field: no property
    if isinstance(value, list):
        for v in value:
            if ARRAY in str(v):
                raise ValueError(f"an array value holds the delimiter {ARRAY!r}: {v!r}")
        return ARRAY.join(str(_cell(v)) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _write(path: Path, head: list[str], rows: Iterable[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(head)
        for row in rows:
            writer.writerow([_cell(v) for v in row])
    return path


def write_csvs(graph: Graph, folder: Path) -> tuple[list[Path], list[Path]]:
    """One node file per label set and one relationship file per type; returns (nodes, rels).

    An empty list is written as no property (the importer has no empty arrays): `finish` sets the
    entities' empty `aliases` afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    groups: dict[tuple[str, ...], list[tuple[str, Node]]] = {}
    for node_id, node in graph.nodes.items():
        groups.setdefault(tuple(node.labels), []).append((node_id, node))
    node_files: list[Path] = []
    for n, (labels, members) in enumerate(sorted(groups.items())):
        keys = sorted({k for _, node in members for k in node.props if k != "id"})
        types = {k: _type_of(node.props.get(k) for _, node in members) for k in keys}
        head = ["id:ID", ":LABEL", *(f"{k}:{types[k]}" for k in keys)]
        label = ARRAY.join(labels)
        node_files.append(
            _write(
                folder / f"nodes_{n}.csv",
                head,
                ([node_id, label, *(node.props.get(k) for k in keys)] for node_id, node in members),
            )
        )
    by_type: dict[str, list[Relationship]] = {}
    for rel in graph.relationships:
        by_type.setdefault(rel.type, []).append(rel)
    rel_files: list[Path] = []
    for n, (rel_type, members_r) in enumerate(sorted(by_type.items())):
        keys = sorted({k for r in members_r for k in r.props})
        types = {k: _type_of(r.props.get(k) for r in members_r) for k in keys}
        head = [":START_ID", ":END_ID", ":TYPE", *(f"{k}:{types[k]}" for k in keys)]
        rel_files.append(
            _write(
                folder / f"rels_{n}.csv",
                head,
                ([r.start, r.end, rel_type, *(r.props.get(k) for k in keys)] for r in members_r),
            )
        )
    return node_files, rel_files


# --------------------------------------------------------------------------------------------
# The importer


def run_import(
    jars_dir: Path,
    data_dir: Path,
    work_dir: Path,
    nodes: list[Path],
    rels: list[Path],
    *,
    database: str = "neo4j",
    heap: str = "1g",
) -> ImportResult:
    """`neo4j-admin database import full` of `nodes`/`rels` into `database` under `data_dir`
    (overwriting it: the server that owns `data_dir` must be stopped). `work_dir` holds the
    importer's own configuration, logs and report."""
    conf = work_dir / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "neo4j.conf").write_text(
        f"server.directories.data={data_dir}\nserver.directories.logs={work_dir / 'logs'}\n"
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
        f"--report-file={work_dir / 'import.report'}",
        database,
    ]
    started = time.perf_counter()
    done = subprocess.run(
        command,
        env={
            "NEO4J_HOME": str(work_dir),
            "NEO4J_CONF": str(conf),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        },
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    wall = time.perf_counter() - started
    output = done.stdout + done.stderr
    if done.returncode != 0:
        raise BulkImportError(f"neo4j-admin import failed (exit {done.returncode}):\n{output[-3000:]}")
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


def finish(runner: CypherRunner) -> Generation:
    """Complete a bulk-imported graph (cypher/load/bulk_finish) and start its generation, in one
    write transaction: a reader that cached answers before the import never sees them again."""
    return runner.write_transaction(_finish, runner)


def _finish(tx: ManagedTransaction, runner: CypherRunner) -> Generation:
    runner.run(tx, "load/bulk_finish").consume()
    return bump_in_tx(runner, tx)
