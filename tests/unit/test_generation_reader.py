"""app/cache GenerationReader: concurrent requests share generation reads, but never one that
started before they arrived (so no answer is older than a write committed before the request)."""

from __future__ import annotations

import asyncio

from app.cache import GenerationReader
from importers.generation import Generation


def test_concurrent_callers_share_reads_that_started_after_they_arrived() -> None:
    async def scenario() -> None:
        started: list[int] = []  # read number -> the clock when it started
        clock = 0

        async def read() -> Generation:
            started.append(clock)
            number = len(started)
            await asyncio.sleep(0.01)
            return Generation("e", number)

        reader = GenerationReader(read)

        async def caller(arrives: int) -> tuple[int, Generation | None]:
            return arrives, await reader.get()

        clock = 1
        first = asyncio.ensure_future(caller(1))
        while not started:  # the first read is under way
            await asyncio.sleep(0)
        clock = 2
        others = [asyncio.ensure_future(caller(2)) for _ in range(15)]
        results = [await first, *[await o for o in others]]
        # 16 callers, 2 reads: the first caller's own, and one shared by the 15 who came later.
        assert started == [1, 2]
        for arrived, generation in results:
            assert generation is not None
            assert started[generation.value - 1] >= arrived  # the read began after the caller arrived
        assert [g.value for _, g in results if g] == [1] + [2] * 15
        # Alone again: one read of its own.
        clock = 3
        assert (await reader.get()) == Generation("e", 3)
        assert started == [1, 2, 3]

    asyncio.run(scenario())


def test_a_failed_read_gives_none_to_those_who_waited_for_it() -> None:
    async def scenario() -> None:
        calls = 0

        async def read() -> Generation | None:
            nonlocal calls
            calls += 1
            await asyncio.sleep(0.01)
            if calls == 2:
                raise RuntimeError("neo4j went away")
            return Generation("e", calls)

        reader = GenerationReader(read)
        first = asyncio.ensure_future(reader.get())
        while calls == 0:
            await asyncio.sleep(0)
        second = asyncio.ensure_future(reader.get())
        assert await first == Generation("e", 1)
        assert await second is None
        assert await reader.get() == Generation("e", 3)

    asyncio.run(scenario())
