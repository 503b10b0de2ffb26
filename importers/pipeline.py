"""The extractor: `SourceDocument` -> `Extraction` (the public contract).

(placeholder: the extraction issue fills this in; the interface below is fixed.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from importers.contract import Extraction
from importers.readers import SourceDocument


class Extractor:
    """Loads the spaCy pipeline once (model name from settings) and extracts documents."""

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name

    def extract(self, document: SourceDocument) -> Extraction:
        raise NotImplementedError

    def extract_many(
        self, documents: Iterable[SourceDocument], *, batch_size: int = 32, n_process: int = 1
    ) -> Iterator[Extraction]:
        """Extract in `nlp.pipe` batches (and processes); yields in input order."""
        raise NotImplementedError
