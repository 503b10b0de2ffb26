"""Bilateral ties between two countries: timeline, borders, and tie states over time."""

from __future__ import annotations

from datetime import date
from typing import Any

from neo4j import Driver

from app.graph.common import participant, read, ref
from app.graph.errors import InvalidParameter
from app.graph.search import resolve_country
from app.graph.tie_states import Change, TieEvent, TieEvidence, history, interval_on, state_after
from app.schemas import (
    BorderOut,
    CountryRef,
    TieEventOut,
    TieEvidenceOut,
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


def _tie_event(row: dict[str, Any]) -> TieEvent:
    evidence = tuple(
        TieEvidence(x["doc_id"], x.get("doc_title"), x.get("published"), x.get("text"))
        for x in row.get("evidence") or []
    )
    return TieEvent(row["id"], row["type"] or "", row.get("modality"), row.get("date"), evidence)


def _event_out(change: Change) -> TieEventOut:
    event = change.event
    # model_validate checks that the state is one of the API's TieState values.
    return TieEventOut.model_validate(
        {
            "event_id": event.id,
            "event_type": event.type,
            "modality": event.modality,
            "state": change.state,
            "date": event.date,
            "latest": change.latest,
            "evidence": [
                TieEvidenceOut(doc_id=x.doc_id, doc_title=x.doc_title, published=x.published, text=x.text)
                for x in event.evidence
            ],
        }
    )


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
    histories = history([_tie_event(e) for e in events])
    ties_out: list[TieHistory] = []
    for tie, found in sorted(histories.items()):
        current = interval_on(found.intervals, day)
        ties_out.append(
            TieHistory(
                tie=tie,
                state_as_of=current.state if current is not None else "unknown",
                evidence_as_of=[_event_out(c) for c in current.changes] if current is not None else [],
                intervals=[
                    TieInterval.model_validate(
                        {
                            "state": i.state,
                            "from": i.start,
                            "from_latest": i.start_latest,
                            "to": i.end,
                            "to_latest": i.end_latest,
                            "event_id": i.first.id,
                            "event_type": i.first.type,
                            "modality": i.first.modality,
                            "events": [_event_out(c) for c in i.changes],
                        }
                    )
                    for i in found.intervals
                ],
                unplaced=[_event_out(Change(e, state_after(e) or "", None, None)) for e in found.unplaced],
            )
        )

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
