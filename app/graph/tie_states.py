"""Tie states over time, derived from events (no database: unit-testable).

An event type that importers/vocabulary.yaml declares with a `tie` and a `change` (establish,
restore or break; e.g. `break_diplomatic_ties`) changes the state of that tie (diplomatic,
military, ...) between two countries:
- break, asserted or reported            -> `broken`
- establish/restore, asserted or reported -> `active`
- establish/restore, planned/pledged/agreed -> `restoring` (announced, not yet done)
- break, planned/pledged/agreed           -> no change (a threat is not a break)
- anything negated                        -> no change (it did not happen)

Each state holds from its event's date until the next state change. Dates are partial
(`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) and compare as strings, which orders them correctly by prefix.
Undated events cannot be placed, so they open the history (`from: null`): completed ones first,
then intended ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from importers.vocabulary import tie_change

_DONE = {"asserted", "reported", None}
_INTENDED = {"planned", "pledged", "agreed"}


@dataclass(frozen=True)
class TieEvent:
    id: str
    type: str
    modality: str | None
    date: str | None


@dataclass(frozen=True)
class Interval:
    state: str
    start: str | None
    end: str | None
    event_id: str
    event_type: str
    modality: str | None


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


def intervals(events: list[TieEvent]) -> dict[str, list[Interval]]:
    """Per tie type, the sequence of states; consecutive equal states merge into one interval."""
    by_tie: dict[str, list[TieEvent]] = {}
    for event in events:
        tie = tie_of(event.type)
        if tie is not None and state_after(event) is not None:
            by_tie.setdefault(tie, []).append(event)
    out: dict[str, list[Interval]] = {}
    for tie, tie_events in by_tie.items():
        # Undated events cannot be placed in time; of those, what the text reports as done (a
        # break, an asserted restoration) precedes what it reports as intended (planned, pledged,
        # agreed), which looks forward from the time of writing.
        undated = sorted(
            (e for e in tie_events if e.date is None), key=lambda e: (e.modality in _INTENDED, e.id)
        )
        dated = sorted((e for e in tie_events if e.date is not None), key=lambda e: (e.date or "", e.id))
        ordered = undated + dated
        result: list[Interval] = []
        for event in ordered:
            state = state_after(event)
            assert state is not None
            if result and result[-1].state == state:
                continue
            if result:
                prev = result[-1]
                result[-1] = Interval(
                    prev.state, prev.start, event.date, prev.event_id, prev.event_type, prev.modality
                )
            result.append(Interval(state, event.date, None, event.id, event.type, event.modality))
        out[tie] = result
    return out


def state_on(history: list[Interval], day: str) -> str | None:
    """The state holding on `day`: the last interval that started on or before it.

    An undated first interval counts as having started before any date.
    """
    current: str | None = None
    for interval in history:
        if interval.start is None or interval.start[: len(day)] <= day:
            current = interval.state
        else:
            break
    return current
