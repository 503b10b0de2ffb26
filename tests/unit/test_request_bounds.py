"""The request and document limits' settings, and spaCy's max_length following the document limit."""

from __future__ import annotations

import pytest

from app.settings import REQUEST_OVERHEAD_BYTES, Settings, get_settings
from importers.pipeline import Extractor


def test_request_limit_is_derived_from_the_document_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INTELGRAPH_MAX_REQUEST_BYTES", raising=False)
    monkeypatch.setenv("INTELGRAPH_MAX_DOCUMENT_BYTES", "1000")
    assert Settings().request_body_limit == 3 * 1000 + REQUEST_OVERHEAD_BYTES == 68_536
    monkeypatch.setenv("INTELGRAPH_MAX_REQUEST_BYTES", "5000")
    assert Settings().request_body_limit == 5000


def test_limits_refuse_nonsense(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in (
        ("INTELGRAPH_MAX_REQUEST_BYTES", "0"),
        ("INTELGRAPH_EXTRACT_WORKERS", "0"),
        ("INTELGRAPH_EXTRACT_QUEUE", "-1"),
        ("INTELGRAPH_EXTRACT_TIMEOUT_S", "0"),
    ):
        monkeypatch.setenv(name, value)
        with pytest.raises(ValueError, match=name.removeprefix("INTELGRAPH_").lower()):
            Settings()
        monkeypatch.delenv(name)


def test_spacy_max_length_follows_the_document_limit() -> None:
    model = get_settings().spacy_model
    assert Extractor(model, max_length=123_456).nlp.max_length == 123_456
    assert Extractor(model).nlp.max_length == 1_000_000  # spaCy's own default when none is given
