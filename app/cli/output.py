"""Everything the CLI prints goes through here: formats, exit codes, errors, consoles.

Every command that prints data takes `--format table|json|csv` (`FormatOpt`) and `--json`
(`JsonOpt`, short for `--format json`) and prints through `emit`. Data goes to stdout; progress,
summaries and errors go to stderr, so `--json` and `--format csv` output stays parseable. An error is
one line, `error: [FILE[:LINE]: ]MESSAGE`, never a traceback, and the exit code is an `ExitCode`.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from pydantic import BaseModel
from rich.console import Console

from app.formats import cell_text, clip, write_csv


class Format(enum.StrEnum):
    """How a command prints its data."""

    table = "table"
    json = "json"
    csv = "csv"


FormatOpt = Annotated[
    Format, typer.Option("--format", help="Output format: table (for people), json or csv.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]


class ExitCode(enum.IntEnum):
    """The CLI's exit codes, the same for every command."""

    OK = 0
    FAILED = 1
    """Something asked for failed: a document, a name not found, a check not passed."""
    UNAVAILABLE = 2
    """Neo4j unreachable, schema missing, extractor or model unavailable; also bad input (as Click)."""
    INTERRUPTED = 130
    """Ctrl-C (128 + SIGINT)."""


BAD_INPUT = ExitCode.UNAVAILABLE
"""Bad input (a malformed option value) exits 2, as Click's own usage errors do."""


def chosen(fmt: Format, json_flag: bool) -> Format:
    """The format asked for: `--json` wins over `--format`."""
    return Format.json if json_flag else fmt


def stdout_console() -> Console:
    # Built per call, not at import, so CliRunner's captured streams are the ones written to.
    return Console(file=sys.stdout, highlight=False, soft_wrap=True)


def stderr_console() -> Console:
    return Console(file=sys.stderr, highlight=False, soft_wrap=True)


def say(message: str) -> None:
    """Progress and summaries: stderr, so stdout holds only data."""
    typer.echo(message, err=True)


def error(message: str, *, file: str | Path | None = None, line: int | None = None) -> None:
    """Print one error line on stderr: `error: FILE:LINE: MESSAGE` (file and line when given)."""
    where = ""
    if file is not None:
        where = f"{file}:{line}: " if line is not None else f"{file}: "
    typer.secho("error:", fg="red", err=True, nl=False)
    typer.echo(f" {where}{message}", err=True)


def fail(
    message: str,
    code: ExitCode = ExitCode.FAILED,
    *,
    file: str | Path | None = None,
    line: int | None = None,
    fmt: Format | None = None,
) -> NoReturn:
    """Print the error and end the command with `code`. With `fmt` json, stdout also gets
    `{"ok": false, "error": ...}` so a script reading stdout sees the failure."""
    if fmt is Format.json:
        typer.echo(json.dumps({"ok": False, "error": message}, indent=2))
    error(message, file=file, line=line)
    raise typer.Exit(int(code))


def check_day(value: str | None) -> str | None:
    """Typer callback for `--published`-style options: a real calendar day as YYYY-MM-DD."""
    if value is None:
        return None
    try:
        if not _DAY.match(value):
            raise ValueError
        dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; expected YYYY-MM-DD (e.g. 2022-08-09)") from None
    return value


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def jsonable(value: Any) -> Any:
    """`value` with models, paths, dates and Neo4j temporal values made JSON-ready."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if hasattr(value, "iso_format"):  # neo4j.time.Date / DateTime
        return value.iso_format()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def to_json(data: Any) -> str:
    """`data` as indented JSON (models with their aliases, as the API sends them)."""
    if isinstance(data, BaseModel):
        return data.model_dump_json(indent=2, by_alias=True)
    return json.dumps(jsonable(data), indent=2, ensure_ascii=False, default=str)


def print_table(
    columns: Sequence[str], rows: Sequence[Mapping[str, Any]], *, title: str | None = None, width: int = 60
) -> None:
    """Rows as a terminal table on stdout, each cell on one line, clipped to `width`."""
    from rich.table import Table

    table = Table(*columns, title=title, title_justify="left")
    for row in rows:
        table.add_row(*[clip(cell_text(jsonable(row.get(c))), width) for c in columns])
    stdout_console().print(table)


def _rows_of(data: Any) -> list[dict[str, Any]]:
    plain = jsonable(data)
    if isinstance(plain, list):
        return [r if isinstance(r, dict) else {"value": r} for r in plain]
    if isinstance(plain, dict):
        return [plain]
    return [{"value": plain}]


def emit(
    data: Any,
    fmt: Format,
    *,
    rows: Sequence[Mapping[str, Any]] | Sequence[BaseModel] | None = None,
    columns: Sequence[str] | None = None,
    text: str | Callable[[], None] | None = None,
    title: str | None = None,
) -> None:
    """Print a command's data on stdout in the format asked for.

    json: `data` as JSON. csv: `rows` (default: `data` if it is a list, else `data` as one row)
    under `columns` (default: the keys of the first row), formula cells escaped (app/formats.py).
    table: `text` when given (a string, or a function that prints), else `rows` as a table.
    """
    if fmt is Format.json:
        typer.echo(to_json(data))
        return
    table_rows = _rows_of(data if rows is None else list(rows))
    cols = list(columns) if columns is not None else (list(table_rows[0]) if table_rows else [])
    if fmt is Format.csv:
        write_csv(sys.stdout, cols, table_rows)
    elif callable(text):
        text()
    elif text is not None:
        typer.echo(text)
    else:
        print_table(cols, table_rows, title=title)
