"""The API's extraction workers: spaCy runs in separate processes, a bounded number at a time.

Why processes: spaCy needs about 3 MB per 1,000 characters while it parses, and the allocator keeps
much of it afterwards; in the API process one large text would leave it gigabytes big. In a worker
the memory goes when the worker is replaced (after `extract_tasks_per_worker` requests), and a
worker that runs past `extract_timeout_s` is killed, not waited for. Why pebble: the standard
`ProcessPoolExecutor` cannot stop one running task; pebble's `ProcessPool` kills the worker of a task
that timed out (or was cancelled because its client went away) and starts a fresh one.

Admission: at most `extract_workers` requests run and `extract_queue` wait; one more is refused at
once with 429 and Retry-After, so a burst of requests never piles up work or memory.

One pool per configuration, per process, created on first use: tests build many apps in one
process and should not each pay for loading the model. The pool stops when the process exits.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import multiprocessing
import threading
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from pebble import ProcessExpired, ProcessPool

from app.errors import ExtractionTimeout, TooManyRequests, Unavailable
from app.settings import Settings
from importers.contract import Extraction
from importers.pipeline import Extractor
from importers.readers import SourceDocument

RETRY_AFTER_S = 5
"""What a 429 advises: about one typical extraction, including a worker's start."""


@dataclass(frozen=True)
class WorkerConfig:
    model_name: str
    max_length: int
    workers: int
    queue: int
    timeout_s: float
    tasks_per_worker: int

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkerConfig:
        return cls(
            model_name=settings.spacy_model,
            max_length=settings.max_document_bytes,
            workers=settings.extract_workers,
            queue=settings.extract_queue,
            timeout_s=settings.extract_timeout_s,
            tasks_per_worker=settings.extract_tasks_per_worker,
        )


# ---- in the worker process ---------------------------------------------------------------------

_extractor: Extractor | None = None


def _init_worker(model_name: str, max_length: int) -> None:
    global _extractor  # one extractor per worker process: loading the model is the slow part
    _extractor = Extractor(model_name, max_length=max_length)


def _extract_documents(sources: list[SourceDocument]) -> list[Extraction | str]:
    """Each document's extraction, or why it could not be extracted (shown to the client)."""
    assert _extractor is not None, "worker initialiser did not run"
    out: list[Extraction | str] = []
    for source in sources:
        try:
            out.append(_extractor.extract(source))
        except (ValueError, KeyError, IndexError) as exc:
            out.append(f"the document could not be extracted: {exc}")
        except MemoryError:
            out.append("the document could not be extracted: out of memory")
    return out


# ---- in the API process ------------------------------------------------------------------------


class ExtractionWorkers:
    """A pebble process pool behind an admission counter (running + waiting <= workers + queue)."""

    def __init__(self, config: WorkerConfig) -> None:
        self.config = config
        self._lock = threading.Lock()  # apps in several event loops (tests) may share one pool
        self._admitted = 0
        self._pool: ProcessPool | None = None

    @property
    def capacity(self) -> int:
        return self.config.workers + self.config.queue

    def _admit(self) -> None:
        with self._lock:
            if self._admitted >= self.capacity:
                raise TooManyRequests(
                    f"all {self.config.workers} extraction worker(s) are busy and {self.config.queue} "
                    "request(s) already wait (INTELGRAPH_EXTRACT_WORKERS, INTELGRAPH_EXTRACT_QUEUE); "
                    "try again shortly",
                    retry_after=RETRY_AFTER_S,
                )
            self._admitted += 1

    def _release(self) -> None:
        with self._lock:
            self._admitted -= 1

    def _running_pool(self) -> ProcessPool:
        with self._lock:
            if self._pool is None or not self._pool.active:
                # spawn, not fork: the API process holds a Neo4j driver (sockets) and threads.
                self._pool = ProcessPool(
                    max_workers=self.config.workers,
                    max_tasks=self.config.tasks_per_worker,
                    initializer=_init_worker,
                    initargs=(self.config.model_name, self.config.max_length),
                    context=multiprocessing.get_context("spawn"),
                )
            return self._pool

    async def extract(self, sources: list[SourceDocument]) -> list[Extraction | str]:
        """Extract `sources` in one worker task: per document an Extraction or a failure reason.

        Raises TooManyRequests (429) when full, ExtractionTimeout (504) past the timeout,
        Unavailable (503) when the worker died (e.g. killed for memory) or none could start.
        """
        self._admit()
        try:
            future = self._running_pool().schedule(
                _extract_documents, args=(sources,), timeout=self.config.timeout_s
            )
            try:
                # Cancelling this await (the client went away) cancels the task: pebble stops its worker.
                return await asyncio.wrap_future(future)
            except TimeoutError:
                raise ExtractionTimeout(
                    f"the extraction took longer than {self.config.timeout_s:g} s "
                    "(INTELGRAPH_EXTRACT_TIMEOUT_S); its worker was stopped"
                ) from None
            except ProcessExpired as exc:
                raise Unavailable(
                    f"the extraction worker stopped unexpectedly (exit code {exc.exitcode}); try again",
                    retry_after=RETRY_AFTER_S,
                ) from None
            except BrokenProcessPool:
                # Every worker died at start (the spaCy model cannot load): the log says why.
                raise Unavailable(
                    "the extraction workers could not start (see the server log)", retry_after=RETRY_AFTER_S
                ) from None
        finally:
            self._release()

    def stop(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.stop()  # type: ignore[no-untyped-call]  # pebble leaves it unannotated
            with contextlib.suppress(TimeoutError):  # daemonic workers: the process's exit ends them
                pool.join(timeout=10)


_POOLS: dict[WorkerConfig, ExtractionWorkers] = {}
_POOLS_LOCK = threading.Lock()


def workers_for(settings: Settings) -> ExtractionWorkers:
    """The process's extraction workers for these settings (created on first use)."""
    config = WorkerConfig.from_settings(settings)
    with _POOLS_LOCK:
        workers = _POOLS.get(config)
        if workers is None:
            if not _POOLS:
                atexit.register(stop_all)
            workers = _POOLS[config] = ExtractionWorkers(config)
        return workers


def stop_all() -> None:
    """Stop every pool's workers (at exit; tests may call it)."""
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for workers in pools:
        workers.stop()
