"""Property tests of the extractor: any text, however odd, never crashes it, and every span it
returns reproduces the text exactly and lies inside its sentence.

Texts are drawn two ways: raw characters (control characters, CRLF, tabs, curly quotes, emoji,
combining marks, right-to-left script) and news-like strings glued from fragments that exercise the
rule stages (titles, quotes, "said", dates, border lengths) with odd whitespace between them.
Example counts are modest: spaCy is slow on a 2-core machine.
"""

from __future__ import annotations

from functools import lru_cache

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.settings import get_settings
from importers.contract import Extraction
from importers.pipeline import Extractor
from importers.readers import SourceDocument


@lru_cache(maxsize=1)
def extractor() -> Extractor:
    return Extractor(get_settings().spacy_model)


ODD_CHARACTERS = (
    "\r\n\t \u00a0\u2028\u200b“”‘’\"'«»—–…😀🇵🇪é́ñßﬁ\u05d0\u05d1\u0627\u0644,.;:!?()[]-/%$0123456789"
)
FRAGMENTS = [
    "Peru", "Chile", "Peruvian", "Chilean", "the U.N.", "President", "Foreign Minister",
    "Minister of Defense", "Ana Morales", "Tomas Ruiz-Vega", "Morales", "said", "announced",
    "Tuesday", "on Sunday", "in 2019",
    "since July 15", "“", "”", '"', "'", ",", ".", "\r\n", "\n", "\t", "  ", " ", "who said that",
    "met with his counterpart", "agreed to restore diplomatic ties with",
    "the 1,234-kilometer (767-mile) border",
    "does not recognize", "pledged to", "plans to", "(FAR)", "😀", "Nicolás", "\u00a0", "—",
]  # fmt: skip

raw_text = st.text(alphabet=st.sampled_from(ODD_CHARACTERS) | st.characters(), max_size=300)
news_like = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map(" ".join)
glued = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join)
texts = st.one_of(raw_text, news_like, glued)
published = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))


def _check(text: str, date: str | None) -> Extraction:
    extraction = extractor().extract(SourceDocument(body=text, published=date))
    assert extraction.check_spans(text) == []
    previous_end = 0
    for index, sentence in enumerate(extraction.sentences):
        assert sentence.index == index
        assert previous_end <= sentence.start <= sentence.end <= len(text)
        previous_end = sentence.end
    for fact in (*extraction.relations, *extraction.statements, *extraction.events):
        assert 0.0 <= fact.confidence <= 1.0
    ids = {e.id for e in extraction.entities}
    for statement in extraction.statements:
        assert statement.speaker is None or statement.speaker in ids
    for event in extraction.events:
        assert all(p.entity in ids for p in event.participants)
    for relation in extraction.relations:
        assert relation.source in ids and relation.target in ids
    return extraction


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, date=published)
@example(text="", date=None)
@example(text=" ", date=None)
@example(text="\r\n\r\n\t", date="2022-08-09")
@example(text="“”", date=None)
@example(text="😀 said “ok.”\r\n", date="2022-08-09")
@example(text="Peru\r\nChile\tsaid “Peru”", date=None)
def test_any_text_gives_exact_spans_inside_their_sentences(text: str, date: str | None) -> None:
    _check(text, date)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=news_like, date=published)
def test_extraction_is_deterministic_and_round_trips_as_json(text: str, date: str | None) -> None:
    first = _check(text, date)
    second = extractor().extract(SourceDocument(body=text, published=date))
    assert first.model_dump_json() == second.model_dump_json()
    assert Extraction.model_validate_json(first.model_dump_json()) == first
