"""Contract sentences from spaCy's sentence boundaries.

A sentence is trimmed of surrounding whitespace and dropped when nothing is left, so every contract
sentence starts and ends on text and `body[start:end] == text`. Indices count kept sentences only.
"""

from __future__ import annotations

from spacy.tokens import Doc

from importers.contract import Sentence


def contract_sentences(doc: Doc) -> list[Sentence]:
    body = doc.text
    out: list[Sentence] = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and body[start].isspace():
            start += 1
        while end > start and body[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(Sentence(index=len(out), start=start, end=end, text=body[start:end]))
    return out
