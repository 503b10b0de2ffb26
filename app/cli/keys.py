"""`intelgraph keys add|list|remove`: API keys for the endpoints that change data.

A key is printed once, when created; only its SHA-256 is stored (app/auth.py).
"""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from app.auth import KeyFileError, add_key, load_keys, remove_key
from app.cli.output import BAD_INPUT, Format, FormatOpt, JsonOpt, chosen, emit, fail, say
from app.settings import get_settings

keys = typer.Typer(name="keys", help="Manage API keys (stored hashed).", no_args_is_help=True)


class RoleOpt(enum.StrEnum):
    read = "read"
    write = "write"
    admin = "admin"


def register(cli: typer.Typer) -> None:
    cli.add_typer(keys)


@keys.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Who or what uses the key (shown in the audit log).")],
    role: Annotated[RoleOpt, typer.Option(help="read, write or admin")] = RoleOpt.read,
    fmt: FormatOpt = Format.table,
    json_flag: JsonOpt = False,
) -> None:
    """Create a key and print it once (store it now: it cannot be shown again)."""
    path = get_settings().api_keys_file
    try:
        key = add_key(path, name, role.value)
    except KeyFileError as exc:
        fail(str(exc), BAD_INPUT)
    fmt = chosen(fmt, json_flag)
    emit({"name": name, "role": role.value, "key": key, "file": str(path)}, fmt, text=key)
    if fmt is Format.table:
        say(
            f"key {name!r} (role {role.value}) stored hashed in {path}; "
            "send it as 'Authorization: Bearer <key>'"
        )


@keys.command("list")
def list_keys(fmt: FormatOpt = Format.table, json_flag: JsonOpt = False) -> None:
    """Key names, roles and creation times (never the keys)."""
    path = get_settings().api_keys_file
    try:
        found = load_keys(path)
    except KeyFileError as exc:
        fail(str(exc), BAD_INPUT)
    rows = [{"name": k.name, "role": k.role, "created_at": k.created_at} for k in found]
    fmt = chosen(fmt, json_flag)
    emit(rows, fmt, columns=["name", "role", "created_at"], title=f"{len(rows)} API key(s) in {path}")
    if not rows:
        # An empty table looked like nothing at all (user trial): say where we looked and what to do.
        say(f"no API keys in {path}; create one with: intelgraph keys add NAME --role write")


@keys.command("remove")
def remove(name: Annotated[str, typer.Argument(help="The key's name.")]) -> None:
    """Revoke a key."""
    try:
        remove_key(get_settings().api_keys_file, name)
    except KeyFileError as exc:
        fail(str(exc), BAD_INPUT)
    say(f"key {name!r} removed")
