"""Tie states over time derived from events (no database)."""

from __future__ import annotations

from app.graph.tie_states import TieEvent, intervals, state_on


def test_seed_like_history_broken_then_restoring() -> None:
    events = [
        TieEvent("e1", "break_diplomatic_ties", "asserted", None),
        TieEvent("e2", "restore_diplomatic_ties", "agreed", "2022-08"),
        TieEvent("e3", "restore_diplomatic_ties", "pledged", "2022-08-07"),
        TieEvent("e4", "restore_military_ties", "planned", "2022-08-09"),
        TieEvent("e5", "meeting", "asserted", "2022-08-01"),
    ]
    history = intervals(events)
    assert set(history) == {"diplomatic", "military"}
    diplomatic = history["diplomatic"]
    assert [(i.state, i.start, i.end, i.event_id) for i in diplomatic] == [
        ("broken", None, "2022-08", "e1"),
        ("restoring", "2022-08", None, "e2"),
    ]
    assert state_on(diplomatic, "2021-01-01") == "broken"
    assert state_on(diplomatic, "2022-08-10") == "restoring"
    military = history["military"]
    assert [(i.state, i.start, i.modality) for i in military] == [("restoring", "2022-08-09", "planned")]
    assert state_on(military, "2022-08-08") is None
    assert state_on(military, "2022-08-09") == "restoring"


def test_negated_and_threatened_breaks_do_not_change_state() -> None:
    history = intervals(
        [
            TieEvent("a", "establish_diplomatic_ties", "asserted", "1990"),
            TieEvent("b", "break_diplomatic_ties", "negated", "2000"),
            TieEvent("c", "break_diplomatic_ties", "planned", "2001"),
            TieEvent("d", "break_diplomatic_ties", "reported", "2019-02-23"),
            TieEvent("e", "restore_diplomatic_ties", "asserted", "2022-08-28"),
        ]
    )["diplomatic"]
    assert [(i.state, i.start, i.end) for i in history] == [
        ("active", "1990", "2019-02-23"),
        ("broken", "2019-02-23", "2022-08-28"),
        ("active", "2022-08-28", None),
    ]
    assert state_on(history, "2010") == "active"
    assert state_on(history, "2020-06") == "broken"
    assert state_on(history, "2023") == "active"


def test_no_tie_events_no_history() -> None:
    assert intervals([TieEvent("x", "meeting", "asserted", "2022")]) == {}
