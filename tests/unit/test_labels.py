"""label_of: how a node reads wherever it is shown (API refs, CLI, explorer)."""

from __future__ import annotations

from app.graph.common import label_of


def test_an_event_label_carries_its_modality_unless_asserted() -> None:
    # A threat ("threatening to deport") is extracted as a planned expel: it must not read as done.
    assert label_of("Event", {"type": "expel", "modality": "planned"}) == "expel (planned)"
    denied = {"type": "support", "modality": "negated", "date": "2012"}
    assert label_of("Event", denied) == "support (negated, 2012)"
    done = {"type": "visit", "modality": "asserted", "date": "2022-08-09"}
    assert label_of("Event", done) == "visit (2022-08-09)"
    assert label_of("Event", {"type": "visit"}) == "visit"
