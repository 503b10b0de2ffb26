"""`intelgraph import --bulk`: the first load of a large corpus through Neo4j's offline importer.

Only for the project's local server (the importer writes the store files, so the server must be
stopped) and only into an empty database (the importer replaces the database). Steps: check the
graph is empty (starting the server if needed), read and extract every document, resolve and build
the graph in memory (importers/bulk.py: the same rows and resolution as the online loader), write
it as CSV files, stop the server, run `neo4j-admin database import full` from the server's jars,
start the server again and apply the schema (`db init`). The graph is the one `intelgraph import`
would build (same content checksum); timestamps are the import's.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

import typer

from app.cli import output
from app.cli.output import ExitCode, Format, stderr_console
from app.graph.db import apply_schema, connection_info, create_driver, runner
from app.neo4j_server import LocalNeo4j, LocalServerError, ServerConfig
from app.settings import get_neo4j_settings, get_settings
from importers.contract import Extraction

EXTERNAL_MESSAGE = (
    "--bulk needs the project's local Neo4j: it stops the server and writes its store files with "
    "neo4j-admin, which cannot be done to a server at NEO4J_URI ({uri}); unset NEO4J_URI, or import "
    "without --bulk"
)
NOT_EMPTY_MESSAGE = (
    "--bulk only loads an empty database (it replaces the whole database), and this one holds "
    "{nodes} nodes and {relationships} relationships; import without --bulk to add documents, or "
    "clear the graph first"
)


def bulk_import(paths: list[Path], workers: int, published: str | None, extracted: bool, fmt: Format) -> None:
    from app.cli.load import (
        _extract,
        _ExtractorUnavailableError,
        _read_extractions,
        _summary,
        resolution_settings,
    )
    from importers.bulk import BulkImportError, build_graph, finish, prepare, run_import, write_csvs
    from importers.graph_checksum import graph_totals
    from importers.loader import LoadReport

    settings = get_settings()
    external = get_neo4j_settings().uri
    if external:
        output.fail(EXTERNAL_MESSAGE.format(uri=external), ExitCode.UNAVAILABLE)
    server = LocalNeo4j(ServerConfig.from_settings(settings))
    err = stderr_console()
    started = time.perf_counter()
    try:
        server.start()
        info = connection_info(settings)
        with create_driver(info) as driver:
            nodes, relationships = graph_totals(driver, info.database)
    except LocalServerError as exc:
        output.fail(f"cannot start the local Neo4j: {exc}", ExitCode.UNAVAILABLE)
    if nodes or relationships:
        output.fail(NOT_EMPTY_MESSAGE.format(nodes=nodes, relationships=relationships), ExitCode.FAILED)

    failures: list[str] = []

    def fail(message: str) -> None:
        failures.append(message)
        output.error(message)

    stream: list[Extraction]
    try:
        if extracted:
            stream = list(_read_extractions(paths, fail))
        else:
            stream = list(
                _extract(paths, settings.max_document_bytes, settings.spacy_model, workers, published, fail)
            )
    except _ExtractorUnavailableError as exc:
        output.fail(str(exc), ExitCode.UNAVAILABLE)
    prepared = prepare(stream, resolution_settings(settings))
    for rejected in prepared.failed:
        fail(
            rejected.message
            if rejected.message.startswith(rejected.where)
            else f"{rejected.where}: {rejected.message}"
        )
    if not prepared.docs:
        _summary(LoadReport(), failures, time.perf_counter() - started, fmt)
        output.fail("no documents to import in " + ", ".join(str(p) for p in paths), ExitCode.FAILED)
    graph = build_graph(prepared.docs, dt.datetime.now(dt.UTC))
    config = server.config
    with tempfile.TemporaryDirectory(prefix="intelgraph-bulk-", dir=config.home) as tmp:
        node_files, rel_files = write_csvs(graph, Path(tmp) / "csv")
        with create_driver(info) as driver:  # again: nothing may have been written meanwhile
            nodes, relationships = graph_totals(driver, info.database)
        if nodes or relationships:
            output.fail(NOT_EMPTY_MESSAGE.format(nodes=nodes, relationships=relationships), ExitCode.FAILED)
        err.print(f"bulk: {len(graph.nodes)} nodes, {len(graph.relationships)} relationships; stopping Neo4j")
        server.stop()
        try:
            imported = run_import(
                config.jars_dir, config.data_dir, Path(tmp) / "work", node_files, rel_files,
                database=info.database, heap=config.heap_size,
            )  # fmt: skip
        except BulkImportError as exc:
            server.start()
            output.fail(str(exc), ExitCode.FAILED)
    try:
        server.start()
        with create_driver(info) as driver:
            driver.verify_connectivity()
            apply_schema(driver, info.database)
            finish(runner(driver, info.database, settings))
    except LocalServerError as exc:
        output.fail(f"imported, but the local Neo4j did not start again: {exc}", ExitCode.UNAVAILABLE)
    err.print(
        f"bulk: neo4j-admin imported {imported.nodes} nodes in {imported.wall_seconds:.1f} s; schema applied"
    )
    report = LoadReport(
        loaded=len(prepared.docs), skipped=len(prepared.skipped), facts=graph.facts, evidence=graph.evidence
    )
    _summary(report, failures, time.perf_counter() - started, fmt)
    if failures:
        raise typer.Exit(ExitCode.FAILED)
