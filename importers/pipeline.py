"""The extractor: `SourceDocument` -> `Extraction` (the public contract).

One `Extractor` loads the spaCy pipeline once (model name from settings) with intelgraph's rule
components (importers/extract/nlp.py) and the lexicons. Each document is parsed, cut into contract
sentences, and run through the stages in order, each reading and extending one `DocContext`:

    titles -> countries -> people -> organizations -> offices -> borders -> statements, events

Statements and events (importers/extract/statements.py, events.py) are called last with the full
context. Every span is cut from the unmodified body text, and the result is checked with
`Extraction.check_spans` before it is returned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from importers import ids
from importers.contract import DocumentMeta, Extraction
from importers.extract import borders, countries, offices, organizations, people
from importers.extract import nlp as nlp_setup
from importers.extract.context import DocContext
from importers.extract.dates import parse_published
from importers.extract.events import extract_events
from importers.extract.sentences import contract_sentences
from importers.extract.statements import extract_statements
from importers.extract.titles import find_title_phrases
from importers.readers import SourceDocument


class ProvenanceError(RuntimeError):
    """An extraction produced a span that does not reproduce the text: a bug, never user error."""


class DocumentTooLongError(ValueError):
    """A document over the character limit: refused before spaCy sees it (never spaCy's E088)."""

    def __init__(self, length: int, limit: int) -> None:
        self.length = length
        self.limit = limit
        super().__init__(
            f"document is {length:,} characters, over the {limit:,}-character limit "
            "(INTELGRAPH_MAX_DOCUMENT_BYTES)"
        )


class Extractor:
    """Loads the spaCy pipeline once (model name from settings) and extracts documents."""

    def __init__(self, model_name: str, *, max_length: int | None = None) -> None:
        self.model_name = model_name
        self.nlp, self.lexicon = nlp_setup.build(model_name)
        if max_length is not None:
            # The document limit (INTELGRAPH_MAX_DOCUMENT_BYTES) replaces spaCy's own 1,000,000
            # characters, so one limit holds everywhere and a text within it never fails with E088.
            self.nlp.max_length = max_length

    @property
    def max_length(self) -> int:
        """The longest body, in characters, this extractor accepts (spaCy's `nlp.max_length`)."""
        return int(self.nlp.max_length)

    def check_length(self, document: SourceDocument) -> None:
        """Raise DocumentTooLongError if the body is over the limit."""
        if len(document.body) > self.nlp.max_length:
            raise DocumentTooLongError(len(document.body), self.max_length)

    def extract(self, document: SourceDocument) -> Extraction:
        self.check_length(document)
        return self._from_doc(document, self.nlp(document.body))

    def extract_many(
        self, documents: Iterable[SourceDocument], *, batch_size: int = 32, n_process: int = 1
    ) -> Iterator[Extraction]:
        """Extract in `nlp.pipe` batches (and processes); yields in input order.

        A document over the limit raises DocumentTooLongError when its turn comes.
        """

        def checked() -> Iterator[tuple[str, SourceDocument]]:
            for document in documents:
                self.check_length(document)
                yield document.body, document

        pairs = checked()
        for doc, document in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
            yield self._from_doc(document, doc)

    def context(self, document: SourceDocument) -> DocContext:
        """The document context after the entity stages (what statements and events build on)."""
        return self._context(document, self.nlp(document.body))

    # -- stages -----------------------------------------------------------------------------

    def _context(self, document: SourceDocument, doc: Doc) -> DocContext:
        published: dt.date | None = parse_published(document.published)
        ctx = DocContext(doc=doc, body=document.body, published=published, sentences=contract_sentences(doc))
        titles = find_title_phrases(doc, self.lexicon.titles)
        countries.add_countries(ctx, self.lexicon)
        people.add_people(ctx, self.lexicon, titles)
        organizations.add_organizations(ctx, self.lexicon, titles)
        offices.add_offices(ctx, self.lexicon, titles)
        borders.add_borders(ctx)
        return ctx

    def _from_doc(self, document: SourceDocument, doc: Doc) -> Extraction:
        ctx = self._context(document, doc)
        statements = extract_statements(ctx)
        events = extract_events(ctx)
        for entity in ctx.entities.values():
            entity.mentions.sort(key=lambda m: (m.start, m.end))
        extraction = Extraction(
            document=DocumentMeta(
                id=ids.document_id(document.body),
                title=document.title,
                published=ctx.published.isoformat() if ctx.published else None,
                source=document.source,
                url=document.url,
                path=document.path,
                metadata=dict(document.metadata),
            ),
            text=document.body,
            sentences=ctx.sentences,
            entities=[e for e in ctx.entities.values() if e.mentions or e.type == "Office"],
            relations=ctx.relations,
            statements=statements,
            events=events,
        )
        problems = extraction.check_spans(document.body)
        if problems:
            raise ProvenanceError(f"{document.path or extraction.document.id}: " + "; ".join(problems[:5]))
        return extraction
