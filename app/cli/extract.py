"""`intelgraph extract` and `intelgraph eval`: the extractor from the command line.

`extract` reads files and folders, runs the extractor and prints the extraction contract (one JSON
object per document, one per line) or a human summary. `eval` scores the extractor against gold
annotations (importers/evaluate.py holds the rules).

User errors (unreadable files, bad dates, missing folders) are one line on stderr naming the file,
never a traceback; the batch goes on and the exit code says whether anything failed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from app.cli.output import (
    ExitCode,
    Format,
    JsonOpt,
    check_day,
    chosen,
    emit,
    error,
    stderr_console,
    stdout_console,
)
from app.settings import get_settings
from importers.contract import Extraction
from importers.readers import ReadError, SourceDocument, iter_documents

if TYPE_CHECKING:
    from importers.evaluate import DocumentResult, EvalReport
    from importers.pipeline import Extractor

_BATCH = 32


def register(cli: typer.Typer) -> None:
    """Add this module's commands to the root CLI."""
    cli.command("extract")(extract_command)
    cli.command("eval")(eval_command)


class ExtractorUnavailableError(Exception):
    """The extractor cannot run (model missing, or not built yet); a message for the user."""


def load_extractor() -> Extractor:
    """The extractor for the configured spaCy model, loaded once per process."""
    settings = get_settings()
    model = settings.spacy_model
    try:
        # One character limit everywhere (INTELGRAPH_MAX_DOCUMENT_BYTES), as import and the API use.
        return _cached_extractor(model, settings.max_document_bytes)
    except OSError as exc:  # spaCy's "can't find model" (E050) is an OSError
        raise ExtractorUnavailableError(
            f"cannot load the spaCy model {model!r} ({exc}); install it or set INTELGRAPH_SPACY_MODEL"
        ) from exc


@lru_cache(maxsize=2)
def _cached_extractor(model: str, max_length: int) -> Extractor:
    from importers.pipeline import Extractor

    return Extractor(model, max_length=max_length)


# --------------------------------------------------------------------------------------------
# intelgraph extract


def extract_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Files (.txt .md .jsonl .html) or folders (read recursively).")
    ],
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            help="table: a summary per document; json: the extraction contract, one JSON object per "
            "document per line; csv: one row of counts per document.",
        ),
    ] = Format.table,
    json_flag: JsonOpt = False,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date YYYY-MM-DD for every document (overrides front matter); "
            "relative dates such as 'Tuesday' are resolved against it.",
            callback=check_day,
        ),
    ] = None,
) -> None:
    """Extract people, offices, countries, borders, statements and events from news text."""
    fmt = chosen(fmt, json_flag)
    out, err = stdout_console(), stderr_console()
    try:
        extractor = load_extractor()
    except ExtractorUnavailableError as exc:
        error(str(exc))
        raise typer.Exit(ExitCode.UNAVAILABLE) from None

    settings = get_settings()
    failures: list[str] = []
    totals: Counter[str] = Counter()
    rows: list[dict[str, object]] = []

    def record(extraction: Extraction) -> None:
        totals["documents"] += 1
        totals["entities"] += len(extraction.entities)
        totals["relations"] += len(extraction.relations)
        totals["statements"] += len(extraction.statements)
        totals["events"] += len(extraction.events)
        if fmt is Format.json:
            # One compact object per line whatever the count: one document is one line of JSONL.
            typer.echo(extraction.model_dump_json())
        elif fmt is Format.csv:
            doc = extraction.document
            rows.append(
                {
                    "id": doc.id,
                    "path": doc.path,
                    "title": doc.title,
                    "published": doc.published,
                    "sentences": len(extraction.sentences),
                    "entities": len(extraction.entities),
                    "relations": len(extraction.relations),
                    "statements": len(extraction.statements),
                    "events": len(extraction.events),
                }
            )
        else:
            print_summary(out, extraction)

    def fail(message: str) -> None:
        failures.append(message)
        error(message)

    sources = iter_documents(paths, max_bytes=settings.max_document_bytes)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    with progress:
        task = progress.add_task("extract", total=None)
        for extraction_or_error in _extract_all(extractor, sources, published):
            if isinstance(extraction_or_error, str):
                fail(extraction_or_error)
            else:
                record(extraction_or_error)
            progress.advance(task)

    if fmt is Format.csv:
        emit(rows, fmt, columns=list(_CSV_COLUMNS))
    n = totals["documents"]
    summary = (
        f"{n} document{'s' if n != 1 else ''} extracted: {totals['entities']} entities, "
        f"{totals['relations']} relations, {totals['statements']} statements, {totals['events']} events"
    )
    if failures:
        summary += f"; {len(failures)} failed"
    err.print(summary, style="red" if failures else None)
    if failures:
        raise typer.Exit(ExitCode.FAILED)
    if not n:
        error("no documents found in " + ", ".join(str(p) for p in paths))
        raise typer.Exit(ExitCode.FAILED)


_CSV_COLUMNS = (
    "id",
    "path",
    "title",
    "published",
    "sentences",
    "entities",
    "relations",
    "statements",
    "events",
)


def _extract_all(
    extractor: Extractor, sources: Iterable[SourceDocument | ReadError], published: str | None
) -> Iterator[Extraction | str]:
    """Extract in batches; yields each extraction, or an error message, in input order."""
    batch: list[SourceDocument] = []
    for item in sources:
        if isinstance(item, ReadError):
            yield from _run_batch(extractor, batch)
            batch = []
            yield str(item)
            continue
        batch.append(item.model_copy(update={"published": published}) if published else item)
        if len(batch) >= _BATCH:
            yield from _run_batch(extractor, batch)
            batch = []
    yield from _run_batch(extractor, batch)


def _where(document: SourceDocument) -> str:
    return document.path or "(document)"  # a corpus line's path is already "<file>:<line>"


def _run_batch(extractor: Extractor, batch: list[SourceDocument]) -> Iterator[Extraction | str]:
    if not batch:
        return
    try:
        results = list(extractor.extract_many(batch, batch_size=_BATCH))
    except Exception:  # one bad document must not sink its batch: find it by extracting one by one
        results = []
    if len(results) == len(batch):
        for document, extraction in zip(batch, results, strict=True):
            yield _with_text(extraction, document)
        return
    for document in batch:
        try:
            yield _with_text(extractor.extract(document), document)
        except Exception as exc:  # an extractor bug on odd input: report it, keep going
            yield f"{_where(document)}: extraction failed ({exc.__class__.__name__}: {exc})"


def _with_text(extraction: Extraction, document: SourceDocument) -> Extraction:
    # Consumers of the JSON (the loader) verify every span against the body: always ship it.
    if extraction.text is None:
        extraction.text = document.body
    return extraction


def print_summary(console: Console, extraction: Extraction) -> None:
    """A human summary of one extraction: entities by type, offices, statements, events."""
    doc = extraction.document
    names = {e.id: e.name for e in extraction.entities}
    heading = doc.title or doc.path or doc.id
    console.rule(f"[bold]{heading}")
    console.print(
        f"{doc.path or ''}  published {doc.published or 'unknown'}  "
        f"{len(extraction.sentences)} sentences  id {doc.id}",
        style="dim",
    )
    by_type: dict[str, list[str]] = {}
    for entity in extraction.entities:
        by_type.setdefault(entity.type, []).append(entity.name)
    if by_type:
        table = Table(title="Entities", title_justify="left", show_lines=False)
        table.add_column("type")
        table.add_column("n", justify="right")
        table.add_column("names")
        for kind in sorted(by_type):
            table.add_row(kind, str(len(by_type[kind])), ", ".join(sorted(by_type[kind])))
        console.print(table)
    if extraction.relations:
        table = Table(title="Relations", title_justify="left")
        for column in ("type", "source", "target", "from", "to"):
            table.add_column(column)
        for rel in extraction.relations:
            table.add_row(
                rel.type,
                names.get(rel.source, rel.source),
                names.get(rel.target, rel.target),
                rel.valid_from or "",
                rel.valid_to or "",
            )
        console.print(table)
    if extraction.statements:
        table = Table(title="Statements", title_justify="left")
        for column in ("speaker", "kind", "text", "channel"):
            table.add_column(column)
        for st in extraction.statements:
            speaker = names.get(st.speaker, st.speaker) if st.speaker else "(unnamed)"
            table.add_row(speaker, st.kind, _clip(st.text, 90), st.channel or "")
        console.print(table)
    if extraction.events:
        table = Table(title="Events", title_justify="left")
        for column in ("type", "participants", "modality", "date", "date text"):
            table.add_column(column)
        for ev in extraction.events:
            parts = ", ".join(f"{names.get(p.entity, p.entity)} ({p.role})" for p in ev.participants)
            table.add_row(ev.type, parts, ev.modality, ev.date or "", ev.date_text or "")
        console.print(table)
    if not (by_type or extraction.statements or extraction.events):
        console.print("nothing extracted")


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------------------------
# intelgraph eval


def eval_command(
    gold_dir: Annotated[
        Path, typer.Argument(help="Folder of *.gold.json annotations (their documents beside them).")
    ],
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List misses and false positives per document.")
    ] = False,
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            help="table: score tables; json: the scores as one JSON object; csv: one row per category.",
        ),
    ] = Format.table,
    json_flag: JsonOpt = False,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under", min=0.0, max=1.0, help="Exit 1 when the micro-averaged F1 is below this."
        ),
    ] = None,
) -> None:
    """Score the extractor against gold annotations: precision, recall and F1 per category."""
    from importers.evaluate import GoldError, evaluate_dir, gold_files

    out, err = stdout_console(), stderr_console()
    try:
        gold_files(gold_dir)
    except GoldError as exc:
        error(str(exc))
        raise typer.Exit(ExitCode.UNAVAILABLE) from None
    try:
        extractor = load_extractor()
        report = evaluate_dir(gold_dir, extractor.extract)
    except ExtractorUnavailableError as exc:
        error(str(exc))
        raise typer.Exit(ExitCode.UNAVAILABLE) from None

    fmt = chosen(fmt, json_flag)
    emit(
        report.as_dict(),
        fmt,
        rows=_score_rows(report),
        columns=["category", "precision", "recall", "f1", "tp", "fp", "fn", "scored"],
        text=lambda: print_report(out, report, verbose=verbose),
    )
    for failed in report.failed:
        error(str(failed.error))
    if report.failed:
        raise typer.Exit(ExitCode.FAILED)
    if fail_under is not None and report.micro.f1 < fail_under:
        err.print(f"[red]micro-F1 {report.micro.f1:.3f} is below --fail-under {fail_under:.3f}[/red]")
        raise typer.Exit(ExitCode.FAILED)


def _score_rows(report: EvalReport) -> list[dict[str, object]]:
    """Micro-averaged counts per category, then the micro-average itself, as CSV rows."""
    from importers.evaluate import CATEGORIES, INFORMATIONAL, Counts

    def row(name: str, counts: Counts, scored: bool) -> dict[str, object]:
        return {
            "category": name,
            "precision": round(counts.precision, 4),
            "recall": round(counts.recall, 4),
            "f1": round(counts.f1, 4),
            "tp": counts.tp,
            "fp": counts.fp,
            "fn": counts.fn,
            "scored": scored,
        }

    totals = report.totals()
    rows = [row(c, totals[c], True) for c in CATEGORIES]
    rows.append(row("micro-average", report.micro, True))
    rows += [row(c, counts, False) for c, counts in report.totals(INFORMATIONAL).items()]
    return rows


def print_report(console: Console, report: EvalReport, *, verbose: bool = False) -> None:
    from importers.evaluate import CATEGORIES, INFORMATIONAL

    scored = [d for d in report.documents if d.error is None]
    table = Table(title=f"Extraction quality over {len(scored)} document{'s' if len(scored) != 1 else ''}")
    for column in ("category", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="left" if column == "category" else "right")
    totals = report.totals()
    for category in CATEGORIES:
        _score_row(table, category, totals[category])
    table.add_section()
    _score_row(table, "micro-average", report.micro, bold=True)
    table.add_section()
    for category, counts in report.totals(INFORMATIONAL).items():
        _score_row(table, f"{category} (not scored)", counts, dim=True)
    console.print(table)

    per_doc = Table(title="Per document (micro)", title_justify="left")
    for column in ("document", "precision", "recall", "F1"):
        per_doc.add_column(column, justify="left" if column == "document" else "right")
    for doc in scored:
        micro = doc.micro
        per_doc.add_row(
            Path(doc.gold_path).name, f"{micro.precision:.3f}", f"{micro.recall:.3f}", f"{micro.f1:.3f}"
        )
    console.print(per_doc)
    if verbose:
        for doc in scored:
            _print_errors(console, doc)


def _score_row(table: Table, name: str, counts: object, *, bold: bool = False, dim: bool = False) -> None:
    from importers.evaluate import Counts

    assert isinstance(counts, Counts)
    style = "bold" if bold else ("dim" if dim else None)
    table.add_row(
        name,
        f"{counts.precision:.3f}",
        f"{counts.recall:.3f}",
        f"{counts.f1:.3f}",
        str(counts.tp),
        str(counts.fp),
        str(counts.fn),
        style=style,
    )


def _print_errors(console: Console, doc: DocumentResult) -> None:
    console.rule(f"[bold]{Path(doc.gold_path).name}")
    clean = True
    for category, result in {**doc.categories, **doc.informational}.items():
        if not (result.misses or result.false_positives):
            continue
        clean = False
        console.print(
            f"[bold]{category}[/bold]  (tp {result.counts.tp}, fp {result.counts.fp}, fn {result.counts.fn})"
        )
        for miss in result.misses:
            console.print("  [red]missed[/red]  " + escape(miss))
        for extra in result.false_positives:
            console.print("  [yellow]extra[/yellow]   " + escape(extra))
    if clean:
        console.print("no misses, no false positives")
