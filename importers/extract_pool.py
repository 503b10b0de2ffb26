"""Extracting many documents, in this process or in several, in input order, failures isolated.

`extract_stream` turns `SourceDocument`s into `Extraction`s (or an `ExtractionFailure` naming the
file and line) for the import command. With `workers > 1` it runs the extractor in that many
worker processes (each loads the spaCy model once), keeping a bounded number of chunks in flight
so memory stays flat and the loader can write while the workers extract. One document that makes
the extractor fail costs only that document: its chunk is re-extracted one by one.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice

from importers.contract import Extraction
from importers.parent_death import die_with_parent
from importers.pipeline import DocumentTooLongError, Extractor
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
        except DocumentTooLongError as exc:
            out.append(ExtractionFailure(where(document), str(exc)))
        except Exception as exc:  # an extractor bug on odd input: reported, the import goes on
            out.append(ExtractionFailure(where(document), f"extraction failed ({type(exc).__name__}: {exc})"))
    return out


# Worker-process state: each worker builds its extractor once (loading the model is the slow part).
_worker_extractor: Extractor | None = None


def _init_worker(model_name: str, max_length: int | None, parent_pid: int) -> None:
    global _worker_extractor  # one extractor per worker process, by design
    die_with_parent(parent_pid)  # before the slow model load: a dead parent's worker stops at once
    _worker_extractor = Extractor(model_name, max_length=max_length)


def _extract_in_worker(chunk: list[SourceDocument]) -> list[Extraction | ExtractionFailure]:
    assert _worker_extractor is not None, "worker initialiser did not run"
    return extract_chunk(_worker_extractor, chunk)


def extract_stream(
    documents: Iterable[SourceDocument],
    *,
    model_name: str,
    workers: int = 1,
    chunk_size: int = CHUNK_DOCUMENTS,
    max_length: int | None = None,
) -> Iterator[Extraction | ExtractionFailure]:
    """Extractions of `documents`, in input order.

    `max_length` is the character limit per document (spaCy's `nlp.max_length`); a longer document
    is an `ExtractionFailure` naming the limit. The workers die with this process (SIGKILL from the
    kernel, importers/parent_death.py), and if this generator stops early (Ctrl-C, an error, or
    `close()`), they are killed rather than waited for.
    """
    iterator = iter(documents)
    chunks = iter(lambda: list(islice(iterator, chunk_size)), [])
    if workers <= 1:
        extractor = Extractor(model_name, max_length=max_length)
        for chunk in chunks:
            yield from extract_chunk(extractor, chunk)
        return
    # spawn, not fork: the parent holds a Neo4j driver (sockets) that children must not inherit.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(model_name, max_length, os.getpid()),
    )
    finished = False
    try:
        pending: deque[Future[list[Extraction | ExtractionFailure]]] = deque()
        for chunk in chunks:
            # Workers start in submit(): spawned with SIGINT blocked, they never see Ctrl-C.
            with _sigint_blocked(spawning=len(getattr(pool, "_processes", None) or {}) < workers):
                pending.append(pool.submit(_extract_in_worker, chunk))
            if len(pending) >= workers * 2:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _kill_workers(pool)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Stop now: kill the workers (their chunks are abandoned) instead of waiting for them."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=5)


@contextlib.contextmanager
def _sigint_blocked(*, spawning: bool) -> Iterator[None]:
    """Block SIGINT while worker processes are spawned (the mask is inherited through exec).

    Blocked, not ignored: a Ctrl-C that arrives meanwhile stays pending and is delivered to this
    process (as KeyboardInterrupt) the moment the mask is restored, so it is never lost.
    """
    if not spawning or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
