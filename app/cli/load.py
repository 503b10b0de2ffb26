"""`intelgraph import` and `intelgraph documents list|show|delete`: filling the graph and managing sources.

`import` reads files and folders, extracts (in parallel worker processes with `--workers`) and loads
whole documents per transaction (importers/loader.py), with a progress bar and a final summary. A
document that cannot be read, extracted or verified is reported (file and line) and skipped; the
rest load; the exit code is 1 if any failed. Neo4j unreachable: one clear line and exit code 2,
nothing half-written. Everything committed stays whole, so re-running an interrupted import
completes it (documents already loaded are skipped).

Exit codes: 0 ok, 1 some documents failed (or a document id was not found), 2 Neo4j unreachable,
schema missing or extractor unavailable, 130 interrupted.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from app.cli import output
from app.cli.output import (
    ExitCode,
    Format,
    FormatOpt,
    JsonOpt,
    check_day,
    chosen,
    emit,
    stderr_console,
    stdout_console,
)
from app.formats import cell_text, clip
from app.settings import get_settings
from importers.contract import Extraction
from importers.readers import ReadError, SourceDocument, iter_documents
from importers.resolution import Settings as ResolutionSettings

if TYPE_CHECKING:
    import neo4j

    from importers.loader import BatchResult, LoadReport

EXIT_FAILED = ExitCode.FAILED
EXIT_UNAVAILABLE = ExitCode.UNAVAILABLE
EXIT_INTERRUPTED = ExitCode.INTERRUPTED

documents_app = typer.Typer(
    name="documents",
    help="List, show and delete (retract) loaded source documents.",
    no_args_is_help=True,
)

_T = TypeVar("_T")


def register(cli: typer.Typer) -> None:
    """Add this module's commands to the root CLI."""
    cli.command("import")(import_command)
    cli.add_typer(documents_app)


# The CLI's one error printer (app/cli/output.py), under the names this module's commands use.
_error = output.error
_exit = output.fail


def resolution_settings(settings: Any) -> ResolutionSettings:
    """Entity resolution's thresholds from the settings (INTELGRAPH_RESOLUTION_*)."""
    return ResolutionSettings(
        merge_threshold=settings.resolution_merge_threshold,
        review_threshold=settings.resolution_review_threshold,
    )


def _connect() -> tuple[neo4j.Driver, str]:
    """The driver and database, checked: reachable, credentials accepted, schema applied."""
    from app.errors import Unavailable
    from app.graph.db import check_ready, connection_info, create_driver

    try:
        info = connection_info()
    except Unavailable as exc:
        _exit(str(exc.detail if hasattr(exc, "detail") else exc), EXIT_UNAVAILABLE)
    driver = create_driver(info)
    try:
        check_ready(driver, info.database)
    except Unavailable as exc:
        driver.close()
        detail = getattr(exc, "detail", None) or str(exc)
        _exit(f"{detail} (Neo4j at {info.uri}, database {info.database!r})", EXIT_UNAVAILABLE)
    return driver, info.database


# --------------------------------------------------------------------------------------------
# intelgraph import


def import_command(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files (.txt .md .jsonl .html) or folders (read recursively)."),
    ],
    workers: Annotated[
        int,
        typer.Option("--workers", "-w", min=1, max=64, help="Extraction processes (each loads the model)."),
    ] = 1,
    batch: Annotated[
        int | None,
        typer.Option(
            "--batch", min=1, max=10_000, help="Documents per write transaction [default: settings]."
        ),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date YYYY-MM-DD for every document (overrides front matter).",
            callback=check_day,
        ),
    ] = None,
    extracted: Annotated[
        bool,
        typer.Option(
            "--extracted",
            help="PATHs are JSON lines of extractions (`intelgraph extract --json` output), loaded as is.",
        ),
    ] = False,
    bulk: Annotated[
        bool,
        typer.Option(
            "--bulk",
            help="First load into an EMPTY local database with neo4j-admin (stops and restarts the server).",
        ),
    ] = False,
    fmt: FormatOpt = Format.table,
    json_flag: JsonOpt = False,
) -> None:
    """Extract documents and load their facts, with evidence, into the graph."""
    if bulk:
        from app.cli.bulk import bulk_import

        bulk_import(paths, workers, published, extracted, chosen(fmt, json_flag))
        return
    try:
        _import(paths, workers, batch, published, extracted, chosen(fmt, json_flag))
    except (KeyboardInterrupt, Exception) as exc:
        # Ctrl-C at any point (connecting, reading, extracting, loading): one line, no traceback.
        # The Neo4j driver's clean-up after an interrupted write can raise its own error in place
        # of the KeyboardInterrupt (BufferError, seen in tests): the interrupt is in its context.
        if isinstance(exc, typer.Exit) or not _interrupted(exc):
            raise
        _error("interrupted: documents written so far are complete; re-run the same import to finish it")
        # Leave at once: every written document is committed, the workers die with this process
        # (PR_SET_PDEATHSIG), and the exit handlers of the half-torn-down process pool would only
        # print a traceback (concurrent.futures' _python_exit on a closed wake-up pipe).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)


def _interrupted(exc: BaseException | None) -> bool:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _import(
    paths: list[Path], workers: int, batch: int | None, published: str | None, extracted: bool, fmt: Format
) -> None:
    from importers.loader import LoadAbortedError, Loader, LoadReport

    settings = get_settings()
    driver, database = _connect()
    err = stderr_console()
    failures: list[str] = []

    def fail(message: str) -> None:
        # One line per failure, "<file>[:<line>]: <message>", as compilers do: greppable, clickable.
        failures.append(message)
        progress.console.print(message, style="red", markup=False, highlight=False, soft_wrap=True)

    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]importing[/bold]"),
        TextColumn("{task.fields[documents]} documents"),
        TextColumn("{task.fields[facts]} facts"),
        TextColumn("{task.fields[rate]} facts/s"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    task = progress.add_task("import", total=None, documents=0, facts=0, rate="-")
    started = time.perf_counter()
    totals = LoadReport()  # kept here, not taken from load(), so an aborted import still reports

    def on_batch(result: BatchResult) -> None:
        totals.add(result)
        elapsed = max(time.perf_counter() - started, 1e-6)
        progress.update(
            task,
            documents=totals.loaded + totals.skipped,
            facts=totals.facts,
            rate=f"{totals.facts / elapsed:,.0f}",
        )
        for failed in result.failed:
            fail(
                failed.message
                if failed.message.startswith(failed.where)
                else f"{failed.where}: {failed.message}"
            )

    from app.graph.db import runner

    loader = Loader(
        runner(driver, database, settings),
        batch_size=batch or settings.load_batch_documents,
        resolution=resolution_settings(settings),
    )
    stream: Iterable[Extraction] = ()
    try:
        with progress:
            if extracted:
                stream = _read_extractions(paths, fail)
            else:
                stream = _extract(
                    paths, settings.max_document_bytes, settings.spacy_model, workers, published, fail
                )
            loader.load(stream, on_batch=on_batch)
    except LoadAbortedError as exc:
        _summary(totals, failures, time.perf_counter() - started, fmt, aborted=str(exc))
        raise typer.Exit(EXIT_UNAVAILABLE) from None
    except _ExtractorUnavailableError as exc:
        _exit(str(exc), EXIT_UNAVAILABLE)
    finally:
        if isinstance(stream, Generator):
            stream.close()  # stops extraction now: worker processes are killed, not waited for
        driver.close()
    _summary(totals, failures, time.perf_counter() - started, fmt)
    if failures:
        raise typer.Exit(EXIT_FAILED)
    if totals.loaded + totals.skipped == 0:
        _exit("no documents found in " + ", ".join(str(p) for p in paths), EXIT_FAILED)


class _ExtractorUnavailableError(Exception):
    pass


def _sources(paths: list[Path], max_bytes: int, published: str | None, fail: Any) -> Iterator[SourceDocument]:
    for item in iter_documents(paths, max_bytes=max_bytes):
        if isinstance(item, ReadError):
            fail(str(item))
        else:
            yield item.model_copy(update={"published": published}) if published else item


def _extract(
    paths: list[Path], max_bytes: int, model: str, workers: int, published: str | None, fail: Any
) -> Iterator[Extraction]:
    from importers.extract_pool import ExtractionFailure, extract_stream

    # One limit everywhere: spaCy's max_length is the document limit (INTELGRAPH_MAX_DOCUMENT_BYTES).
    results: Iterator[Extraction | ExtractionFailure] = extract_stream(
        _sources(paths, max_bytes, published, fail), model_name=model, workers=workers, max_length=max_bytes
    )
    try:
        for result in results:
            if isinstance(result, ExtractionFailure):
                fail(str(result))
            else:
                yield result
    except OSError as exc:  # spaCy's "can't find model" (E050)
        raise _ExtractorUnavailableError(
            f"cannot load the spaCy model {model!r} ({exc}); install it or set INTELGRAPH_SPACY_MODEL"
        ) from None
    finally:
        if isinstance(results, Generator):
            results.close()


def _read_extractions(paths: list[Path], fail: Any) -> Iterator[Extraction]:
    """Extractions from JSON-lines files (one `Extraction` per line), each bad line reported."""
    from pydantic import ValidationError

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in {".jsonl", ".json"})
        elif path.is_file():
            files.append(path)
        else:
            fail(f"{path}: no such file or folder")
    for file in files:
        try:
            handle = file.open(encoding="utf-8")
        except OSError as exc:
            fail(f"{file}: cannot read file ({exc.strerror or exc})")
            continue
        with handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield Extraction.model_validate_json(line)
                except ValidationError as exc:
                    first = exc.errors()[0]
                    at = ".".join(str(p) for p in first["loc"]) or "(line)"
                    fail(f"{file}:{number}: not an extraction ({at}: {first['msg']})")
                except UnicodeDecodeError:
                    fail(f"{file}:{number}: not UTF-8 text")


def _summary(
    report: LoadReport, failures: list[str], seconds: float, fmt: Format, aborted: str | None = None
) -> None:
    loaded, skipped, replaced = report.loaded, report.skipped, report.replaced
    facts, evidence = report.facts, report.evidence
    payload: dict[str, Any] = {
        "documents_loaded": loaded,
        "documents_skipped": skipped,
        "documents_replaced": replaced,
        "documents_failed": len(failures),
        "facts": facts,
        "evidence": evidence,
        "seconds": round(seconds, 3),
        "facts_per_second": round(facts / seconds, 1) if seconds > 0 else None,
        "failures": failures,
    }
    if aborted:
        payload["aborted"] = aborted
    if fmt is not Format.table:
        emit(payload, fmt)
    err = stderr_console()
    if aborted:
        _error(aborted)
    line = (
        f"{loaded} document{'s' if loaded != 1 else ''} loaded, {skipped} skipped (already loaded), "
        f"{len(failures)} failed; {facts} facts, {evidence} evidence; {seconds:.1f} s"
    )
    if replaced:
        line += f"; {replaced} older version{'s' if replaced != 1 else ''} replaced"
    err.print(line, style="red" if failures or aborted else None)


# --------------------------------------------------------------------------------------------
# intelgraph documents


def _graph_call(work: Callable[[neo4j.Driver, str], _T]) -> _T:
    """Run `work(driver, database)` (an app/graph read, the same the API calls); a missing or
    ambiguous document or a failed query ends the command with one line, not a traceback."""
    from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

    from app.errors import IntelgraphError, Unavailable, from_neo4j

    driver, database = _connect()
    try:
        return work(driver, database)
    except IntelgraphError as exc:
        _exit(exc.detail, EXIT_UNAVAILABLE if isinstance(exc, Unavailable) else EXIT_FAILED)
    except (Neo4jError, ServiceUnavailable, SessionExpired) as exc:
        _exit(from_neo4j(exc).detail, EXIT_FAILED)
    finally:
        driver.close()


@documents_app.command("list")
def list_command(
    limit: Annotated[int, typer.Option("--limit", min=1, max=200, help="At most this many per page.")] = 50,
    cursor: Annotated[
        str | None, typer.Option("--cursor", help="Continue after a page: its `next_cursor`.")
    ] = None,
    source: Annotated[str | None, typer.Option("--source", help="Only documents from this source.")] = None,
    fmt: FormatOpt = Format.table,
    json_flag: JsonOpt = False,
) -> None:
    """Loaded documents in id order, one page at a time (as `GET /api/documents`)."""
    from app.graph.documents import list_documents

    page = _graph_call(
        lambda driver, database: list_documents(driver, database, cursor=cursor, limit=limit, source=source)
    )
    fmt = chosen(fmt, json_flag)
    if fmt is not Format.table:
        emit(page.model_dump(mode="json", by_alias=True), fmt, rows=page.items)
        return
    count = len(page.items)
    table = Table(title=f"{count} document{'s' if count != 1 else ''}", title_justify="left")
    # The numbers never give way to long titles (user trial: on an 80-column terminal the counts were
    # squeezed to nothing): fixed columns first, the title last and the only one that wraps.
    # Source and load time are in --json/--format csv; a short id is enough for `documents show`.
    for column in ("id", "published", "grade"):
        table.add_column(column, no_wrap=True)
    for column in ("sentences", "facts"):
        table.add_column(column, no_wrap=True, justify="right")
    table.add_column("title")  # wraps: the one column Rich narrows
    for item in page.items:
        table.add_row(
            item.id[:16],
            item.published or "",
            item.reliability or "",
            str(item.sentences),
            str(item.facts),
            item.title or item.url or "",
        )
    stdout_console().print(table)
    if page.next_cursor:
        stderr_console().print(f"more: intelgraph documents list --cursor {page.next_cursor}")


DocumentId = Annotated[str, typer.Argument(metavar="ID", help="A document id (or a unique prefix of it).")]


@documents_app.command("show")
def show_command(
    doc_id: DocumentId,
    fmt: FormatOpt = Format.table,
    json_flag: JsonOpt = False,
) -> None:
    """One document: its metadata, mentions and the facts its evidence supports (as the API's)."""
    from app.graph.documents import document, resolve_document_id, sentence_number

    detail = _graph_call(
        lambda driver, database: document(driver, database, resolve_document_id(driver, database, doc_id))
    )
    fmt = chosen(fmt, json_flag)
    if fmt is not Format.table:  # csv: the facts, one per row
        emit(detail.model_dump(mode="json", by_alias=True), fmt, rows=detail.facts)
        return
    out = stdout_console()
    out.rule(f"[bold]{escape(detail.title or detail.id)}")
    for key in ("id", "path", "url", "source", "published", "reliability", "ingested_at"):
        value = getattr(detail, key)
        if value is not None:
            out.print(f"{key:16s} {escape(str(value))}")
    out.print(
        f"{'text':16s} {len(detail.text)} characters, {len(detail.sentences)} sentences, "
        f"{len(detail.mentions)} mentions, {detail.fact_count} facts ({len(detail.facts)} evidence spans)"
    )
    table = Table(
        title="Evidence of facts in this document (sentences numbered from 1)", title_justify="left"
    )
    for column in ("kind", "type", "fact", "sentence", "text"):
        table.add_column(column)
    for fact in detail.facts:
        table.add_row(
            fact.fact_kind,
            fact.type or "",
            _clip(fact.summary or "", 70),
            sentence_number(fact.sentence),
            _clip(fact.text),
        )
    out.print(table)


def _clip(value: Any, limit: int = 60) -> str:
    return clip(cell_text(value), limit)


@documents_app.command("delete")
def delete_command(
    doc_id: DocumentId,
    fmt: FormatOpt = Format.table,
    json_flag: JsonOpt = False,
) -> None:
    """Retract a source: facts only it supported disappear, facts others support stay."""
    from app.graph.db import runner
    from app.graph.documents import resolve_document_id
    from importers.retraction import RetractionResult, retract_document

    def retract(driver: neo4j.Driver, database: str) -> RetractionResult | None:
        return retract_document(runner(driver, database), resolve_document_id(driver, database, doc_id))

    result = _graph_call(retract)
    if result is None:
        _exit(f"no document with id {doc_id!r}", EXIT_FAILED)
    payload = result.as_dict()
    fmt = chosen(fmt, json_flag)
    if fmt is not Format.table:
        emit(payload, fmt)
        return
    stdout_console().print(
        f"retracted {result.doc_id}: {payload['facts_removed']} facts and "
        f"{payload['entities_removed']} entities "
        f"no other source supports were removed ({payload['evidence_removed']} pieces of evidence)"
    )
