"""Tie states over time, derived from events (no database: unit-testable).

An event type that importers/vocabulary.yaml declares with a `tie` and a `change` (establish,
restore or break; e.g. `break_diplomatic_ties`) changes the state of that tie (diplomatic,
military, ...) between two countries:
- break, asserted or reported            -> `broken`
- establish/restore, asserted or reported -> `active`
- establish/restore, planned/pledged/agreed -> `restoring` (announced, not yet done)
- break, planned/pledged/agreed           -> no change (a threat is not a break)
- anything negated                        -> no change (it did not happen)

Time is uncertain, and kept so. Each change has two bounds: the earliest it can have happened and
the latest. A dated event (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) has both equal to its date. An undated
one has an unknown earliest bound and, as latest bound, the publication date of the first document
that reports it ("not after the day it was reported"); with neither it cannot be placed at all and
is listed apart (`unplaced`).

Order. Dated changes go by date. An undated change is placed by what its document says around
it: one the text reports as done (a break, an asserted restoration) is background to the news and
goes just before the earliest dated change of the same tie that the same document reports (else
at its publication date); one it reports as intended (planned, pledged, agreed) looks forward from
the time of writing and goes at the publication date. Once ordered, a change's latest bound is
tightened to the next one's (it came before it).

Disagreement. Changes of one tie dated the same day (or month, or year) that lead to different
states are not ordered by a rule: they make one `contested` interval carrying both sides' events.

As of a date, the state is the one of the last interval (in that order) known to have begun by
then (its latest start bound on or before the date). Before any evidence it is `unknown`: a state
is never inherited from events known only later. Partial dates compare by prefix, so `2022-08`
counts as reached on any day of August 2022.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from importers.vocabulary import tie_change

_DONE = {"asserted", "reported", None}
_INTENDED = {"planned", "pledged", "agreed"}
CONTESTED = "contested"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class TieEvidence:
    """One piece of a document's evidence for an event."""

    doc_id: str
    doc_title: str | None
    published: str | None
    text: str | None


@dataclass(frozen=True)
class TieEvent:
    id: str
    type: str
    modality: str | None
    date: str | None
    evidence: tuple[TieEvidence, ...] = ()

    @property
    def reported(self) -> str | None:
        """The earliest publication date among the documents reporting the event."""
        dates = [e.published for e in self.evidence if e.published]
        return min(dates) if dates else None

    @property
    def doc_ids(self) -> frozenset[str]:
        return frozenset(e.doc_id for e in self.evidence)


@dataclass(frozen=True)
class Change:
    """A tie event placed in time: the state it leads to and its time bounds."""

    event: TieEvent
    state: str
    earliest: str | None
    latest: str | None


@dataclass(frozen=True)
class Interval:
    state: str
    start: str | None  # earliest the state can have begun (None: unknown)
    start_latest: str | None  # by this date it had begun
    end: str | None  # earliest it can have ended (None: open, or unknown when end_latest is set)
    end_latest: str | None  # by this date it had ended (None: still holding as far as known)
    changes: tuple[Change, ...] = field(default=())

    @property
    def first(self) -> TieEvent:
        return self.changes[0].event


@dataclass(frozen=True)
class TieHistory:
    intervals: list[Interval]
    unplaced: list[TieEvent]


def tie_of(event_type: str) -> str | None:
    change = tie_change(event_type)
    return change[0] if change else None


def state_after(event: TieEvent) -> str | None:
    change = tie_change(event.type)
    if change is None or event.modality == "negated":
        return None
    verb = change[1]
    if verb == "break":
        return "broken" if event.modality in _DONE else None
    if event.modality in _DONE:
        return "active"
    if event.modality in _INTENDED:
        return "restoring"
    return None


def _min(a: str | None, b: str | None) -> str | None:
    """The earlier of two partial dates (None: unknown, ignored)."""
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def _place(changes: list[Change]) -> list[Change]:
    """Changes of one tie in order (see the module docstring)."""
    dated = [c for c in changes if c.earliest is not None]

    def key(c: Change) -> tuple[str, int, int, str]:
        if c.earliest is not None:
            return (c.earliest, 0, 0, c.event.id)
        assert c.latest is not None
        if c.event.modality in _INTENDED:
            return (c.latest, 1, 1, c.event.id)
        same_doc = [d.earliest for d in dated if d.event.doc_ids & c.event.doc_ids and d.earliest is not None]
        before = [d for d in same_doc if _reached(d, c.latest)]
        if before:
            return (min(before), -1, 0, c.event.id)
        return (c.latest, 0, 0, c.event.id)

    ordered = sorted(changes, key=key)
    # A change came before the next one: its latest bound is at most the next one's.
    out: list[Change] = []
    bound: str | None = None
    for c in reversed(ordered):
        latest = _min(c.latest, bound)
        out.append(Change(c.event, c.state, c.earliest, latest))
        bound = latest
    out.reverse()
    return out


def _grouped(ordered: list[Change]) -> list[tuple[str, list[Change]]]:
    """Consecutive dated changes of the same date form one group: contested when states differ."""
    groups: list[tuple[str, list[Change]]] = []
    for c in ordered:
        if groups and c.earliest is not None and groups[-1][1][-1].earliest == c.earliest:
            state, members = groups[-1]
            members.append(c)
            groups[-1] = (state if state == c.state else CONTESTED, members)
        else:
            groups.append((c.state, [c]))
    return groups


def history(events: list[TieEvent]) -> dict[str, TieHistory]:
    """Per tie type, its intervals in time order; consecutive equal states merge into one."""
    by_tie: dict[str, list[Change]] = {}
    unplaced: dict[str, list[TieEvent]] = {}
    for event in events:
        tie = tie_of(event.type)
        state = state_after(event)
        if tie is None or state is None:
            continue
        latest = event.date or event.reported
        if latest is None:
            unplaced.setdefault(tie, []).append(event)
            continue
        by_tie.setdefault(tie, []).append(Change(event, state, event.date, latest))
    out: dict[str, TieHistory] = {}
    for tie in sorted(set(by_tie) | set(unplaced)):
        runs: list[tuple[str, list[Change]]] = []
        for state, members in _grouped(_place(by_tie.get(tie, []))):
            if runs and runs[-1][0] == state and state != CONTESTED:
                runs[-1][1].extend(members)
            else:
                runs.append((state, list(members)))
        result: list[Interval] = []
        for i, (state, members) in enumerate(runs):
            start_latest: str | None = None
            for c in members:
                start_latest = _min(start_latest, c.latest)
            end = end_latest = None
            if i + 1 < len(runs):
                nxt = runs[i + 1][1][0]
                end, end_latest = nxt.earliest, nxt.latest
            result.append(
                Interval(state, members[0].earliest, start_latest, end, end_latest, tuple(members))
            )
        out[tie] = TieHistory(result, sorted(unplaced.get(tie, []), key=lambda e: e.id))
    return out


def _reached(when: str, day: str) -> bool:
    """`when` is on or before `day` (partial dates compare by prefix)."""
    return when[: len(day)] <= day[: len(when)]


def interval_on(intervals: list[Interval], day: str) -> Interval | None:
    """The interval holding on `day` from what was known by then: the last one known to have
    begun by `day`; None before any evidence."""
    current: Interval | None = None
    for interval in intervals:
        if interval.start_latest is not None and _reached(interval.start_latest, day):
            current = interval
    return current


def state_on(intervals: list[Interval], day: str) -> str:
    found = interval_on(intervals, day)
    return found.state if found is not None else UNKNOWN
