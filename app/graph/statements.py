"""Statements filtered by speaker, subject, kind and date, with keyset cursors."""

from __future__ import annotations

from neo4j import Driver

from app.graph.common import decode_cursor, encode_cursor, read
from app.graph.entities import statement_out
from app.schemas import StatementPage


def statements(
    driver: Driver,
    database: str,
    *,
    speaker: str | None,
    about: str | None,
    kind: str | None,
    date_from: str | None,
    date_to: str | None,
    q: str | None,
    cursor: str | None,
    limit: int,
) -> StatementPage:
    rows = read(
        driver,
        database,
        "statements",
        {
            "speaker": speaker,
            "about": about,
            "kind": kind,
            "from": date_from,
            "to": date_to,
            "q": q,
            "after": decode_cursor(cursor),
            "limit": limit + 1,
        },
    )
    items = [statement_out(r["statement"]) for r in rows]
    more = len(items) > limit
    items = items[:limit]
    return StatementPage(items=items, next_cursor=encode_cursor(items[-1].id) if more and items else None)
