"""app/cli/output.py: one place for formats, exit codes and error lines; every data command takes
`--format table|json|csv` and `--json`."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

import pytest
import typer
import typer.core
from pydantic import BaseModel, Field

from app.cli import _register, cli
from app.cli.output import (
    BAD_INPUT,
    ExitCode,
    Format,
    chosen,
    emit,
    error,
    fail,
    jsonable,
)

# Commands that print no data (their output is a server's log, or nothing but a confirmation).
# `export` writes a file format (its --format is graphml|ftm|csv), not a table of data.
NO_DATA = {"serve", "keys remove", "export"}


class _Item(BaseModel):
    name: str
    from_: str | None = Field(default=None, alias="from")


def test_exit_codes() -> None:
    assert [int(c) for c in ExitCode] == [0, 1, 2, 130]
    assert BAD_INPUT == 2


def test_chosen() -> None:
    assert [f.value for f in Format] == ["table", "json", "csv"]
    assert chosen(Format.csv, True) is Format.json
    assert chosen(Format.csv, False) is Format.csv


def test_emit_json(capsys: pytest.CaptureFixture[str]) -> None:
    emit({"when": dt.date(2022, 8, 9), "path": Path("/x"), "n": 1}, Format.json)
    assert json.loads(capsys.readouterr().out) == {"when": "2022-08-09", "path": "/x", "n": 1}
    emit(_Item.model_validate({"name": "a", "from": "b"}), Format.json)
    assert json.loads(capsys.readouterr().out) == {"name": "a", "from": "b"}


def test_emit_csv(capsys: pytest.CaptureFixture[str]) -> None:
    emit([{"a": "=1", "b": 2}, {"a": "x"}], Format.csv)
    assert capsys.readouterr().out == "a,b\n'=1,2\nx,\n"
    emit({"payload": True}, Format.csv, rows=[{"a": [1, 2]}], columns=["a"])
    assert capsys.readouterr().out == "a\n1;2\n"
    emit({"ok": True, "uri": "bolt://h"}, Format.csv)
    assert capsys.readouterr().out == "ok,uri\ntrue,bolt://h\n"


def test_emit_table(capsys: pytest.CaptureFixture[str]) -> None:
    emit({"x": 1}, Format.table, text="hello")
    assert capsys.readouterr().out == "hello\n"
    emit({"x": 1}, Format.table, text=lambda: print("from a function"))
    assert capsys.readouterr().out == "from a function\n"
    emit([{"name": "Petro", "n": 3}], Format.table)
    out = capsys.readouterr().out
    assert "name" in out and "Petro" in out and "3" in out


def test_error_lines(capsys: pytest.CaptureFixture[str]) -> None:
    error("not UTF-8 text", file="a.txt", line=3)
    error("empty document", file=Path("b.md"))
    error("plain")
    assert capsys.readouterr().err == (
        "error: a.txt:3: not UTF-8 text\nerror: b.md: empty document\nerror: plain\n"
    )


def test_fail_exits_with_code_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(typer.Exit) as raised:
        fail("gone", ExitCode.UNAVAILABLE, fmt=Format.json)
    assert raised.value.exit_code == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out) == {"ok": False, "error": "gone"}
    assert captured.err == "error: gone\n"
    with pytest.raises(typer.Exit) as raised:
        fail("missing")
    assert raised.value.exit_code == 1


def test_jsonable_neo4j_time() -> None:
    from neo4j.time import DateTime

    assert jsonable({"t": DateTime(2022, 8, 9, 1, 2, 3)}) == {"t": "2022-08-09T01:02:03.000000000"}


@functools.cache
def cli_commands() -> dict[str, typer.core.TyperCommand]:
    """Every leaf command of `intelgraph`, by its full name ("db status"), from Typer itself."""
    _register()
    found: dict[str, typer.core.TyperCommand] = {}

    def walk(group: typer.core.TyperGroup, prefix: str) -> None:
        for name, command in group.commands.items():
            if isinstance(command, typer.core.TyperGroup):
                walk(command, f"{prefix}{name} ")
            else:
                assert isinstance(command, typer.core.TyperCommand)
                found[prefix + name] = command

    root = typer.main.get_command(cli)
    assert isinstance(root, typer.core.TyperGroup)
    walk(root, "")
    return found


def test_every_data_command_takes_format_and_json() -> None:
    commands = cli_commands()
    assert {"db status", "query", "import", "documents list", "extract", "keys list"} <= set(commands)
    for name, command in commands.items():
        if name in NO_DATA:
            continue
        options = {opt for param in command.params for opt in param.opts}
        assert {"--format", "--json"} <= options, name
        fmt = next(p for p in command.params if "--format" in p.opts)
        assert isinstance(fmt, typer.core.TyperOption)
        assert fmt.type_descriptor.annotation is Format, name
        assert fmt.default is Format.table, name
