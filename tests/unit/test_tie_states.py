"""Tie states over time derived from events (no database)."""

from __future__ import annotations

from app.graph.tie_states import TieEvent, TieEvidence, history, interval_on, state_on


def doc(doc_id: str, published: str | None) -> tuple[TieEvidence, ...]:
    return (TieEvidence(doc_id, f"title {doc_id}", published, f"sentence of {doc_id}"),)


SEED = doc("d1", "2022-08-09")


def test_seed_like_history_undated_events_are_bounded_by_publication() -> None:
    events = [
        TieEvent("e1", "break_diplomatic_ties", "asserted", None, SEED),
        TieEvent("e2", "restore_diplomatic_ties", "agreed", None, SEED),
        TieEvent("e3", "restore_diplomatic_ties", "pledged", "2022-08-07", SEED),
        TieEvent("e4", "restore_military_ties", "planned", "2022-08-09", SEED),
        TieEvent("e5", "meeting", "asserted", "2022-08-01", SEED),
    ]
    ties = history(events)
    assert set(ties) == {"diplomatic", "military"}
    diplomatic = ties["diplomatic"].intervals
    # The undated break is background to the dated pledge of the same document: it comes first,
    # its start is unknown, and it is known only by the pledge (its latest bound is tightened).
    assert [
        (i.state, i.start, i.start_latest, i.end, i.end_latest, [c.event.id for c in i.changes])
        for i in diplomatic
    ] == [
        ("broken", None, "2022-08-07", "2022-08-07", "2022-08-07", ["e1"]),
        ("restoring", "2022-08-07", "2022-08-07", None, None, ["e3", "e2"]),
    ]
    # Before any evidence: unknown, never the state of a later event.
    assert state_on(diplomatic, "2015") == "unknown"
    assert state_on(diplomatic, "2022-08-06") == "unknown"
    assert state_on(diplomatic, "2022-08-10") == "restoring"
    found = interval_on(diplomatic, "2022-08-10")
    assert found is not None and [e.text for c in found.changes for e in c.event.evidence] == [
        "sentence of d1",
        "sentence of d1",
    ]
    military = ties["military"].intervals
    assert [(i.state, i.start, i.start_latest, i.first.modality) for i in military] == [
        ("restoring", "2022-08-09", "2022-08-09", "planned")
    ]
    assert state_on(military, "2022-08-08") == "unknown"
    assert state_on(military, "2022-08-09") == "restoring"


def test_undated_break_alone_is_known_only_from_its_publication() -> None:
    ties = history([TieEvent("b", "break_diplomatic_ties", "reported", None, doc("k", "2023-03-01"))])
    intervals = ties["diplomatic"].intervals
    assert [(i.state, i.start, i.start_latest, i.end, i.end_latest) for i in intervals] == [
        ("broken", None, "2023-03-01", None, None)
    ]
    assert state_on(intervals, "1990") == "unknown"
    assert state_on(intervals, "2023-02") == "unknown"
    assert state_on(intervals, "2023-03-01") == "broken"


def test_undated_event_without_any_publication_date_is_not_placed() -> None:
    ties = history([TieEvent("u", "break_diplomatic_ties", "asserted", None, doc("n", None))])
    assert ties["diplomatic"].intervals == []
    assert [e.id for e in ties["diplomatic"].unplaced] == ["u"]
    assert state_on(ties["diplomatic"].intervals, "2030") == "unknown"


def test_undated_done_event_in_a_later_report_follows_older_dated_history() -> None:
    # An establishment dated 1990 (old report), then an undated break reported in 2019: the break
    # is not placed before 1990 (its own document reports no dated change of the tie).
    ties = history(
        [
            TieEvent("a", "establish_diplomatic_ties", "asserted", "1990", doc("old", "1990-05-01")),
            TieEvent("b", "break_diplomatic_ties", "asserted", None, doc("new", "2019-03-01")),
        ]
    )["diplomatic"].intervals
    assert [(i.state, i.start, i.start_latest, i.end, i.end_latest) for i in ties] == [
        ("active", "1990", "1990", None, "2019-03-01"),
        ("broken", None, "2019-03-01", None, None),
    ]
    assert state_on(ties, "1989") == "unknown"
    assert state_on(ties, "2000") == "active"
    assert state_on(ties, "2019-03-02") == "broken"


def test_sources_disagreeing_on_the_same_date_make_a_contested_interval() -> None:
    ties = history(
        [
            TieEvent("a", "establish_diplomatic_ties", "asserted", "2001", doc("x", "2001-02-01")),
            TieEvent("b", "break_diplomatic_ties", "asserted", "2010-06-01", doc("x2", "2010-06-02")),
            TieEvent("c", "restore_diplomatic_ties", "asserted", "2010-06-01", doc("y", "2010-06-03")),
            TieEvent("d", "break_diplomatic_ties", "asserted", "2015", doc("z", "2015-12-31")),
        ]
    )["diplomatic"].intervals
    assert [(i.state, i.start, i.end, [c.event.id for c in i.changes]) for i in ties] == [
        ("active", "2001", "2010-06-01", ["a"]),
        ("contested", "2010-06-01", "2015", ["b", "c"]),
        ("broken", "2015", None, ["d"]),
    ]
    contested = interval_on(ties, "2012")
    assert contested is not None and contested.state == "contested"
    assert {c.state for c in contested.changes} == {"broken", "active"}
    assert {e.doc_id for c in contested.changes for e in c.event.evidence} == {"x2", "y"}


def test_negated_and_threatened_breaks_do_not_change_state() -> None:
    intervals = history(
        [
            TieEvent("a", "establish_diplomatic_ties", "asserted", "1990"),
            TieEvent("b", "break_diplomatic_ties", "negated", "2000"),
            TieEvent("c", "break_diplomatic_ties", "planned", "2001"),
            TieEvent("d", "break_diplomatic_ties", "reported", "2019-02-23"),
            TieEvent("e", "restore_diplomatic_ties", "asserted", "2022-08-28"),
        ]
    )["diplomatic"].intervals
    assert [(i.state, i.start, i.end) for i in intervals] == [
        ("active", "1990", "2019-02-23"),
        ("broken", "2019-02-23", "2022-08-28"),
        ("active", "2022-08-28", None),
    ]
    assert state_on(intervals, "1989") == "unknown"
    assert state_on(intervals, "2010") == "active"
    assert state_on(intervals, "2020-06") == "broken"
    assert state_on(intervals, "2023") == "active"


def test_no_tie_events_no_history() -> None:
    assert history([TieEvent("x", "meeting", "asserted", "2022")]) == {}
