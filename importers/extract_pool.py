"""Extracting many documents, in this process or in several, in input order, failures isolated.

`extract_stream` turns `SourceDocument`s into `Extraction`s (or an `ExtractionFailure` naming the
file and line) for the import command. With `workers > 1` it runs the extractor in that many
worker processes (each loads the spaCy model once), keeping a bounded number of chunks in flight
so memory stays flat and the loader can write while the workers extract. One document that makes
the extractor fail costs only that document: its chunk is re-extracted one by one.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice

from importers.contract import Extraction
from importers.pipeline import Extractor
from importers.readers import SourceDocument

CHUNK_DOCUMENTS = 16


@dataclass(frozen=True)
class ExtractionFailure:
    where: str  # "<file>" or "<file>:<line>"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def where(document: SourceDocument) -> str:
    """How to name a document for the user: its path (already "<file>:<line>" for corpus lines)."""
    name = document.path or document.url or "(document)"
    if document.line is not None and not name.endswith(f":{document.line}"):
        name = f"{name}:{document.line}"
    return name


def _with_text(extraction: Extraction, document: SourceDocument) -> Extraction:
    # The loader verifies spans against the body; extractors that leave `text` out get it here.
    return (
        extraction if extraction.text is not None else extraction.model_copy(update={"text": document.body})
    )


def extract_chunk(extractor: Extractor, chunk: list[SourceDocument]) -> list[Extraction | ExtractionFailure]:
    """Extract `chunk` in one `nlp.pipe` batch; if that fails, one by one to isolate the culprit."""
    try:
        results = list(extractor.extract_many(chunk, batch_size=len(chunk)))
        if len(results) == len(chunk):
            return [_with_text(r, d) for r, d in zip(results, chunk, strict=True)]
    except NotImplementedError:
        raise
    except Exception:  # noqa: S110  (a bad document in the batch: found below, reported per document)
        pass
    out: list[Extraction | ExtractionFailure] = []
    for document in chunk:
        try:
            out.append(_with_text(extractor.extract(document), document))
        except NotImplementedError:
            raise
        except Exception as exc:  # an extractor bug on odd input: reported, the import goes on
            out.append(ExtractionFailure(where(document), f"extraction failed ({type(exc).__name__}: {exc})"))
    return out


# Worker-process state: each worker builds its extractor once (loading the model is the slow part).
_worker_extractor: Extractor | None = None


def _init_worker(model_name: str) -> None:
    global _worker_extractor  # one extractor per worker process, by design
    _worker_extractor = Extractor(model_name)


def _extract_in_worker(chunk: list[SourceDocument]) -> list[Extraction | ExtractionFailure]:
    assert _worker_extractor is not None, "worker initialiser did not run"
    return extract_chunk(_worker_extractor, chunk)


def extract_stream(
    documents: Iterable[SourceDocument],
    *,
    model_name: str,
    workers: int = 1,
    chunk_size: int = CHUNK_DOCUMENTS,
) -> Iterator[Extraction | ExtractionFailure]:
    """Extractions of `documents`, in input order."""
    iterator = iter(documents)
    chunks = iter(lambda: list(islice(iterator, chunk_size)), [])
    if workers <= 1:
        extractor = Extractor(model_name)
        for chunk in chunks:
            yield from extract_chunk(extractor, chunk)
        return
    # spawn, not fork: the parent holds a Neo4j driver (sockets) that children must not inherit.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(model_name,)
    ) as pool:
        pending: deque[Future[list[Extraction | ExtractionFailure]]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_extract_in_worker, chunk))
            if len(pending) >= workers * 2:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
