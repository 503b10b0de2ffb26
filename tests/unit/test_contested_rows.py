"""The rows that keep disagreement (no database): each document's values of the compared fields on
its evidence, and the facts whose contested state the loader recomputes."""

from __future__ import annotations

from importers.load_rows import CLAIM_PREFIX, combine, document_rows
from importers.vocabulary import COMPARED
from tests.integration.test_contested import BORDER, two_reports


def test_each_document_puts_its_values_on_its_evidence() -> None:
    a, b = two_reports()
    rows_a, rows_b = document_rows(a), document_rows(b)
    border_evidence = {ev["id"] for ev in rows_a.evidence if ev["fact_id"] == BORDER}
    claimed = {c["id"]: c["claims"] for c in rows_a.claims}
    assert border_evidence and border_evidence <= set(claimed)
    assert {claimed[e][CLAIM_PREFIX + "length_km"] for e in border_evidence} == {2219}
    holds = next(r for r in rows_a.fact_relations if r["type"] == "HOLDS_OFFICE")
    holds_evidence = {ev["id"] for ev in rows_b.evidence if ev["fact_id"] == holds["id"]}
    assert holds_evidence
    assert [c["claims"] for c in rows_b.claims if c["id"] in holds_evidence] == [
        {CLAIM_PREFIX + "valid_from": "2022-08-08"}
    ] * len(holds_evidence)
    contested = {c["id"]: c for c in rows_a.contested}
    assert contested[BORDER]["kind"] == "entity"
    assert contested[BORDER]["fields"] == COMPARED["Entity"]
    assert contested[holds["id"]] == {
        "id": holds["id"],
        "kind": "relationship",
        "fields": ["valid_from", "valid_to"],
        "source": holds["source"],
        "target": holds["target"],
    }
    # Facts without a compared value (BORDER_OF, OFFICE_OF) need no recomputation.
    derived = {r["id"] for r in rows_a.fact_relations if r["type"] in ("BORDER_OF", "OFFICE_OF")}
    assert derived and not derived & set(contested)


def test_one_transaction_keeps_both_documents_claims() -> None:
    a, b = two_reports()
    batch = combine([document_rows(a), document_rows(b)])
    key = CLAIM_PREFIX + "length_km"
    assert {c["claims"][key] for c in batch.claims if key in c["claims"]} == {2219, 2341}
    assert [c["id"] for c in batch.contested].count(BORDER) == 1
    border = next(e for e in batch.entities if e["id"] == BORDER)
    assert border["length_km"] == 2219  # the displayed value: the smallest
