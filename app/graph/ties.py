"""Bilateral ties between two countries: timeline, borders, and tie states over time."""

from __future__ import annotations

from datetime import date
from typing import Any

from neo4j import Driver

from app.graph.common import participant, read, ref
from app.graph.errors import InvalidParameter
from app.graph.search import resolve_country
from app.graph.tie_states import TieEvent, intervals, state_on
from app.schemas import (
    BorderOut,
    CountryRef,
    TieHistory,
    TieInterval,
    TiesResponse,
    TimelineItem,
)


def _in_window(day: str | None, start: str | None, end: str | None) -> bool:
    if start is None and end is None:
        return True
    if day is None:
        return False
    if start is not None and day[: len(start)] < start[: len(day)]:
        return False
    return not (end is not None and day[: len(end)] > end[: len(day)])


def _country(row: dict[str, Any]) -> CountryRef:
    return CountryRef(
        id=row["id"],
        type="Country",
        label=row.get("name") or row["id"],
        iso3=row.get("iso3"),
        iso2=row.get("iso2"),
    )


def ties(
    driver: Driver,
    database: str,
    a: str,
    b: str,
    *,
    as_of: str | None,
    date_from: str | None,
    date_to: str | None,
    limit: int,
) -> TiesResponse:
    ca = resolve_country(driver, database, a, field="a")
    cb = resolve_country(driver, database, b, field="b")
    if ca["id"] == cb["id"]:
        raise InvalidParameter("b", "must be a different country from a")
    rows = read(driver, database, "ties", {"a": ca["id"], "b": cb["id"]})
    row = rows[0]
    day = as_of or date.today().isoformat()

    events = row["events"]
    histories = intervals(
        [TieEvent(e["id"], e["type"] or "", e.get("modality"), e.get("date")) for e in events]
    )
    ties_out = [
        TieHistory(
            tie=tie,
            state_as_of=state_on(history, day),
            intervals=[
                TieInterval.model_validate(
                    {
                        "state": i.state,
                        "from": i.start,
                        "to": i.end,
                        "event_id": i.event_id,
                        "event_type": i.event_type,
                        "modality": i.modality,
                    }
                )
                for i in history
            ],
        )
        for tie, history in sorted(histories.items())
    ]

    timeline: list[TimelineItem] = []
    for e in events:
        if _in_window(e.get("date"), date_from, date_to):
            timeline.append(
                TimelineItem(
                    kind="event",
                    id=e["id"],
                    date=e.get("date"),
                    type=e.get("type"),
                    modality=e.get("modality"),
                    cameo=e.get("cameo"),
                    participants=[participant(p) for p in e.get("participants") or []],
                    sources=e.get("sources") or 0,
                )
            )
    for s in row["statements"]:
        if _in_window(s.get("date"), date_from, date_to):
            timeline.append(
                TimelineItem(
                    kind="statement",
                    id=s["id"],
                    date=s.get("date"),
                    type=s.get("kind"),
                    text=s.get("text"),
                    speaker=ref(s.get("speaker")),
                    about=[r for r in (ref(x) for x in s.get("about") or []) if r is not None],
                    sources=s.get("sources") or 0,
                )
            )
    # Dated items in time order, undated after them; ties broken by kind and id for stable output.
    timeline.sort(key=lambda t: (t.date is None, t.date or "", t.kind, t.id))

    return TiesResponse(
        a=_country(row["a"]),
        b=_country(row["b"]),
        as_of=day,
        borders=[
            BorderOut(
                id=bd["id"],
                name=bd.get("name"),
                length_km=bd.get("length_km"),
                length_mi=bd.get("length_mi"),
                sources=bd.get("sources") or 0,
            )
            for bd in row["borders"]
        ],
        ties=ties_out,
        timeline=timeline[:limit],
    )
