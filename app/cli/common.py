"""Pieces every command group shares: consoles and option checks."""

from __future__ import annotations

import datetime as dt
import re
import sys

import typer
from rich.console import Console

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def stdout_console() -> Console:
    # Built per call, not at import, so CliRunner's captured streams are the ones written to.
    return Console(file=sys.stdout, highlight=False, soft_wrap=True)


def stderr_console() -> Console:
    return Console(file=sys.stderr, highlight=False, soft_wrap=True)


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
