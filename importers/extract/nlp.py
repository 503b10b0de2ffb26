"""The spaCy pipeline: the statistical model plus intelgraph's rule components.

Components (registered under versioned names so a saved pipeline says what it ran):
- `intelgraph_sentence_breaks_v1` (before the parser): a line break always ends a sentence (news
  bodies put headlines, datelines and "/// ACT ///" markers on lines of their own), a closing quote
  at the end of a line stays with its sentence, and two spaces after a full stop start a new one.
- `intelgraph_lexicon` (a SpanRuler after NER): countries, demonyms, capitals and known
  organizations from the lexicon files, written to `doc.spans["intelgraph_lexicon"]`, longest
  match first, each span's `id_` the ISO code or canonical organization name.
- `intelgraph_title_typos_v1` (last): a one-letter slip in an office word ("Minsiter") gets the
  word's NORM, so title matching sees "minister"; it runs after the statistical components so
  their features are untouched.
"""

from __future__ import annotations

from collections.abc import Callable

import spacy
from rapidfuzz.distance import DamerauLevenshtein
from spacy.language import Language
from spacy.tokens import Doc

from importers.extract import lexicon as lex

LEXICON_SPANS = "intelgraph_lexicon"
_CLOSERS = frozenset({'"', "”", "’", "'", ")", "]", "»"})


@Language.component("intelgraph_sentence_breaks_v1")
def sentence_breaks(doc: Doc) -> Doc:
    n = len(doc)
    for i, token in enumerate(doc):
        if i == 0 or token.is_space:
            continue
        prev = doc[i - 1]
        if prev.is_space and ("\n" in prev.text or "\r" in prev.text):
            token.is_sent_start = True
        elif prev.is_space and i >= 2 and doc[i - 2].text.endswith((".", "?", "!")) and token.is_title:
            token.is_sent_start = True  # "... World War I.  Turkey denies ..."
        if token.text in _CLOSERS and (i + 1 == n or (doc[i + 1].is_space and "\n" in doc[i + 1].text)):
            token.is_sent_start = False
    return doc


@Language.factory("intelgraph_title_typos_v1", default_config={"words": []})
def make_title_typos(nlp: Language, name: str, words: list[str]) -> Callable[[Doc], Doc]:
    targets = tuple(words)
    known = frozenset(words)

    def fix(doc: Doc) -> Doc:
        for token in doc:
            text = token.lower_
            if len(text) < 7 or not token.is_alpha or not token.is_title or text in known:
                continue
            for word in targets:
                # Same length, one transposition or substitution: a typo, not a different word.
                if len(word) == len(text) and DamerauLevenshtein.distance(text, word) <= 1:
                    token.norm_ = word
                    break
        return doc

    return fix


def tokenizer_normaliser(nlp: Language) -> Callable[[str], tuple[str, ...]]:
    """Phrase -> token NORMs, as this pipeline's tokenizer splits and normalises it."""

    def normalise(text: str) -> tuple[str, ...]:
        return tuple(t.norm_ for t in nlp.make_doc(text))

    return normalise


def build(model_name: str) -> tuple[Language, lex.Lexicon]:
    """Load the spaCy model and add the rule components. Raises OSError naming the model if absent."""
    nlp = spacy.load(model_name)
    lexicon = lex.load(tokenizer_normaliser(nlp))
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("intelgraph_sentence_breaks_v1", before="parser")
    elif "senter" in nlp.pipe_names:
        nlp.add_pipe("intelgraph_sentence_breaks_v1", before="senter")
    else:
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("intelgraph_sentence_breaks_v1", after="sentencizer")
    ruler = nlp.add_pipe(
        "span_ruler",
        name="intelgraph_lexicon",
        config={
            "spans_key": LEXICON_SPANS,
            "phrase_matcher_attr": "ORTH",
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
            "validate": False,
        },
    )
    ruler.add_patterns(_lexicon_patterns(lexicon))  # type: ignore[attr-defined]
    nlp.add_pipe("intelgraph_title_typos_v1", config={"words": sorted(lexicon.titles.head_words)})
    return nlp, lexicon


def _lexicon_patterns(lexicon: lex.Lexicon) -> list[dict[str, str]]:
    patterns: list[dict[str, str]] = []
    for surface, iso3 in lexicon.country_names.items():
        patterns.append({"label": "COUNTRY", "pattern": surface, "id": iso3})
    for surface, iso3 in lexicon.demonyms.items():
        patterns.append({"label": "DEMONYM", "pattern": surface, "id": iso3})
    for surface, iso3 in lexicon.capitals.items():
        patterns.append({"label": "CAPITAL", "pattern": surface, "id": iso3})
    for surface in lexicon.not_countries:
        patterns.append({"label": "NOT_COUNTRY", "pattern": surface, "id": ""})
    for surface, name in lexicon.organization_names.items():
        patterns.append({"label": "ORG", "pattern": surface, "id": name})
    return patterns
