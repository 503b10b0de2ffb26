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

import json
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from app.cli.common import check_day, stderr_console, stdout_console
from app.settings import get_settings
from importers.contract import Extraction
from importers.readers import ReadError, SourceDocument, iter_documents

if TYPE_CHECKING:
    import neo4j

    from importers.loader import BatchResult, LoadReport

EXIT_FAILED = 1
EXIT_UNAVAILABLE = 2
EXIT_INTERRUPTED = 130

documents_app = typer.Typer(
    name="documents",
    help="List, show and delete (retract) loaded source documents.",
    no_args_is_help=True,
)

_T = TypeVar("_T")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]


def register(cli: typer.Typer) -> None:
    """Add this module's commands to the root CLI."""
    cli.command("import")(import_command)
    cli.add_typer(documents_app)




def _error(message: str) -> None:
    stderr_console().print("[red]error:[/red] " + escape(message))


def _exit(message: str, code: int) -> NoReturn:
    _error(message)
    raise typer.Exit(code)



def _connect() -> tuple[neo4j.Driver, str]:
    """The driver and database, checked: reachable, credentials accepted, schema applied."""
    from app.db import check_ready, connection_info, create_driver
    from app.errors import Unavailable

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
    as_json: JsonOpt = False,
) -> None:
    """Extract documents and load their facts, with evidence, into the graph."""
    try:
        _import(paths, workers, batch, published, extracted, as_json)
    except (KeyboardInterrupt, Exception) as exc:
        # Ctrl-C at any point (connecting, reading, extracting, loading): one line, no traceback.
        # The Neo4j driver's clean-up after an interrupted write can raise its own error in place
        # of the KeyboardInterrupt (BufferError, seen in tests): the interrupt is in its context.
        if isinstance(exc, typer.Exit) or not _interrupted(exc):
            raise
        _error("interrupted: documents written so far are complete; re-run the same import to finish it")
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _interrupted(exc: BaseException | None) -> bool:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _import(
    paths: list[Path], workers: int, batch: int | None, published: str | None, extracted: bool, as_json: bool
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

    loader = Loader(driver, database, batch_size=batch or settings.load_batch_documents)
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
        _summary(totals, failures, time.perf_counter() - started, as_json, aborted=str(exc))
        raise typer.Exit(EXIT_UNAVAILABLE) from None
    except _ExtractorUnavailableError as exc:
        _exit(str(exc), EXIT_UNAVAILABLE)
    finally:
        if isinstance(stream, Generator):
            stream.close()  # stops extraction now: worker processes are killed, not waited for
        driver.close()
    _summary(totals, failures, time.perf_counter() - started, as_json)
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
    except NotImplementedError:
        raise _ExtractorUnavailableError(
            "the extractor is not implemented (importers/pipeline.py raised NotImplementedError)"
        ) from None
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
    report: LoadReport, failures: list[str], seconds: float, as_json: bool, aborted: str | None = None
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
    if as_json:
        typer.echo(json.dumps(payload, indent=2))
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


def _resolve(driver: neo4j.Driver, database: str, given: str) -> str:
    from importers.documents import AmbiguousDocumentIdError, resolve_document_id

    try:
        found = resolve_document_id(driver, database, given)
    except AmbiguousDocumentIdError as exc:
        driver.close()
        _exit(str(exc), EXIT_FAILED)
    if found is None:
        driver.close()
        _exit(f"no document with id {given!r} (see `intelgraph documents list`)", EXIT_FAILED)
    return found

def _on_document(doc_id: str, action: Callable[[neo4j.Driver, str, str], _T | None]) -> _T:
    """Run `action(driver, database, full_id)` on the document `doc_id` names (an id or a unique
    prefix); a document that is not there ends the command with a message, not a traceback."""
    driver, database = _connect()
    try:
        outcome = action(driver, database, _resolve(driver, database, doc_id))
    finally:
        driver.close()
    if outcome is None:
        _exit(f"no document with id {doc_id!r}", EXIT_FAILED)
    return outcome



def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


@documents_app.command("list")
def list_command(
    limit: Annotated[int, typer.Option("--limit", min=1, max=10_000, help="At most this many.")] = 50,
    skip: Annotated[int, typer.Option("--skip", min=0, help="Skip the first N (most recent first).")] = 0,
    as_json: JsonOpt = False,
) -> None:
    """Loaded documents, most recently loaded first."""
    from importers.documents import count_documents, list_documents

    driver, database = _connect()
    try:
        rows = [_jsonable(r) for r in list_documents(driver, database, limit=limit, skip=skip)]
        total = count_documents(driver, database)
    finally:
        driver.close()
    if as_json:
        typer.echo(json.dumps({"total": total, "items": rows}, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"{total} document{'s' if total != 1 else ''}", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("title", overflow="ellipsis", no_wrap=True, max_width=40)
    for column in ("published", "reliability", "sentences", "facts", "loaded"):
        table.add_column(column, no_wrap=True)
    for row in rows:
        table.add_row(
            row["id"],
            row["title"] or row["path"] or "",
            row["published"] or "",
            row["reliability"] or "",
            str(row["sentences"]),
            str(row["facts"]),
            str(row["ingested_at"] or "")[:19],
        )
    stdout_console().print(table)


@documents_app.command("show")
def show_command(
    doc_id: Annotated[str, typer.Argument(metavar="ID", help="A document id (or a unique prefix of it).")],
    as_json: JsonOpt = False,
) -> None:
    """One document: its metadata and every fact its evidence supports."""
    from importers.documents import show_document

    detail = _on_document(doc_id, show_document)
    payload = {
        "document": _jsonable(detail.document),
        "characters": detail.characters,
        "sentences": detail.sentences,
        "facts": detail.facts,
    }
    if as_json:
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    out = stdout_console()
    doc = payload["document"]
    out.rule(f"[bold]{escape(doc.get('title') or doc['id'])}")
    for key in ("id", "path", "url", "source", "published", "reliability", "ingested_at", "extraction_hash"):
        if doc.get(key) is not None:
            out.print(f"{key:16s} {escape(str(doc[key]))}")
    out.print(f"{'text':16s} {detail.characters} characters, {detail.sentences} sentences")
    table = Table(title="Facts and mentions supported by this document", title_justify="left")
    for column in ("kind", "type", "subject", "object", "evidence", "sentence"):
        table.add_column(column)
    for fact in detail.facts:
        table.add_row(
            fact["kind"],
            fact["type"],
            _clip(fact["subject"]),
            _clip(fact["object"]),
            str(fact["evidence"]),
            str(fact["first_sentence"]),
        )
    out.print(table)


def _clip(value: Any, limit: int = 60) -> str:
    text = " ".join(str(value).split()) if value is not None else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@documents_app.command("delete")
def delete_command(
    doc_id: Annotated[str, typer.Argument(metavar="ID", help="A document id (or a unique prefix of it).")],
    as_json: JsonOpt = False,
) -> None:
    """Retract a source: facts only it supported disappear, facts others support stay."""
    from importers.retraction import retract_document

    result = _on_document(doc_id, retract_document)
    payload = result.as_dict()
    if as_json:
        typer.echo(json.dumps(payload, indent=2))
        return
    stdout_console().print(
        f"retracted {result.doc_id}: {payload['facts_removed']} facts and "
        f"{payload['entities_removed']} entities "
        f"no other source supports were removed ({payload['evidence_removed']} pieces of evidence)"
    )
