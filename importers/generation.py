"""The graph's generation number, kept in Neo4j: `(:Meta {id: 'generation', epoch, value})`.

Every write transaction (the loader's batches, a retraction, a saved query saved or deleted) ends
with `bump_in_tx`, so the number changes in the same commit as the data. Readers (the API's
response cache, app/cache) read it with `read_generation` before answering: an answer cached under
the current generation was computed from the data as it is now. `epoch` changes when the node is
created again (a cleared graph), so numbers from before never match numbers after.
"""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import ManagedTransaction

from importers.cypher_runner import CypherRunner


@dataclass(frozen=True)
class Generation:
    epoch: str
    value: int

    @property
    def token(self) -> str:
        """A short printable form (`<epoch>.<value>`), e.g. for an ETag."""
        return f"{self.epoch}.{self.value}"


NEVER_WRITTEN = Generation("none", 0)
"""The generation of a graph no write has gone through yet (no Meta node)."""


def bump_in_tx(runner: CypherRunner, tx: ManagedTransaction) -> Generation:
    """Bump the generation inside `tx` (call it last in the transaction)."""
    record = runner.run(tx, "ops/generation_bump").single()
    assert record is not None  # MERGE always returns its row
    return Generation(str(record["epoch"]), int(record["value"]))


def read_generation(runner: CypherRunner) -> Generation:
    """The current generation, in one small read, never retried: it runs before every GET, and
    with Neo4j down a retry would add the driver's back-off to the route's own 503 (seen: 2.1 s
    instead of under 2 s). A failure leaves the request to the route, uncached."""
    rows = runner.run_once("ops/generation_get")
    if not rows or rows[0]["value"] is None:
        return NEVER_WRITTEN
    return Generation(str(rows[0]["epoch"]), int(rows[0]["value"]))
