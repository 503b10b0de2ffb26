"""contradicting_statements names denial verbs inline (a saved query reads no lexicon): they must
be the lexicon's rejecting reporting verbs, so the two cannot drift apart."""

from __future__ import annotations

import re

from importers.cypher_files import CYPHER_ROOT
from importers.extract.discourse import load_lexicon


def test_the_denials_are_the_lexicons_rejecting_verbs() -> None:
    text = (CYPHER_ROOT / "saved" / "contradicting_statements.cypher").read_text(encoding="utf-8")
    listed = re.search(r"\[('deny'[^\]]*)\] AS denials", text)
    assert listed is not None
    forms = set(re.findall(r"'([a-z]+)'", listed.group(1)))
    lemmas = set(load_lexicon("speech_verbs.json")["rejecting"])
    assert lemmas <= forms
    # Every form listed is an inflection of one of the lexicon's lemmas (deny/denied: 'den').
    assert all(any(f.startswith(lemma[:3]) for lemma in lemmas) for f in forms), forms - lemmas
