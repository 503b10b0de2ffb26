"""Property-based: schemathesis runs every check it has against the OpenAPI document, as
`st run --checks all` would, and the test fails on any failure (not only on 5xx).

The run is schemathesis's own engine (`schemathesis.engine.from_schema(...).execute()`, what its CLI
drives) over the real app (ASGI, in process) and the session Neo4j with the seed loaded, with a
write key, so POST/DELETE are exercised too and the stateful phase follows the links (save a
query, read it, run it, delete it, read it again: use_after_free, ensure_resource_availability).
All phases run: examples, coverage, fuzzing, stateful. Examples are bounded (`MAX_EXAMPLES` per
operation, fixed seed, no example database) so the run stays within a few minutes.
Every check runs except `max_response_time` (no timing assertions in tests); the few operations
whose 422s come from rules a schema cannot state are listed in `SEMANTIC_422`.

(schemathesis's pytest loader, `schemathesis.pytest.from_fixture`, does not run on pytest 9, hence
the engine.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
import schemathesis
from schemathesis.checks import CHECKS
from schemathesis.engine import Status, events, from_schema

from app.graph.db import load_query
from importers.contract import Extraction
from tests.api.conftest import Keys, bearer, make_app

MAX_EXAMPLES = 10

# Schema-valid requests the API refuses with 422 on purpose: rules JSON Schema cannot state, so
# `positive_data_acceptance` (which expects schema-valid data to be accepted) must allow 422 here,
# and only here. Everything else the routers check is in the document (app/openapi.py).
SEMANTIC_422 = {
    "GET /api/documents": "`cursor` is an opaque token: only one this API returned is valid",
    "GET /api/statements": "same `cursor` rule",
    "GET /api/ties/{a}/{b}": "`a` and `b` must be different countries",
    "POST /api/queries": "the Cypher is judged by Neo4j's plan; `parameters` must match its $placeholders",
    "POST /api/queries/{name}/run": "`params` are checked against that saved query's own parameter schema",
}
POSITIVE_EXPECTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]


def schemathesis_config(headers: dict[str, str]) -> schemathesis.Config:
    return schemathesis.Config.from_dict({
        "seed": 14,
        "headers": headers,
        # Correctness, not speed: an extraction may start a worker process that loads spaCy, which
        # on a loaded 2-core machine exceeds schemathesis' default 10 s read timeout.
        "request-timeout": 180,
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
        "operations": [
            {"include-name": name,
             "checks": {"positive_data_acceptance": {"expected-statuses": [*POSITIVE_EXPECTED, "422"]}}}
            for name in SEMANTIC_422
        ],
    })


@pytest.fixture
def api_schema(
    neo4j_server: object, clean_neo4j: neo4j.Driver, neo4j_database: str, api_keys: Keys, seeded: Extraction
) -> Iterator[Any]:
    config = schemathesis_config(bearer(api_keys.write))
    schema = schemathesis.openapi.from_asgi("/openapi.json", make_app(neo4j_server, api_keys), config=config)
    # Every check, except response time: performance is never asserted by timing in tests (the
    # first extraction loads spaCy; bench/ measures speed).
    schema.config.checks.update(included_check_names=["all"], excluded_check_names=["max_response_time"])
    yield schema
    # The run ingested generated documents and saved queries: leave the graph as other tests expect.
    with clean_neo4j.session(database=neo4j_database) as session:
        session.run(load_query("ops/clear_graph", timeout=120)).consume()


def test_every_check_passes(api_schema: Any) -> None:
    failures: list[str] = []
    checks_run: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    errors: list[str] = []
    for event in from_schema(api_schema).execute():
        if isinstance(event, events.ScenarioFinished):
            for case_id, nodes in event.recorder.checks.items():
                for node in nodes:
                    checks_run[node.name] += 1
                    if node.status == Status.FAILURE and node.failure_info is not None:
                        case = event.recorder.cases[case_id].value
                        failure = node.failure_info.failure
                        failures.append(
                            f"[{node.name}] {case.method} {case.formatted_path} query={case.query} "
                            f"body={case.body!r:.200}: {failure.title}: {failure.message[:400]}"
                        )
            for interaction in event.recorder.interactions.values():
                if interaction.response is not None:
                    statuses[interaction.response.status_code] += 1
        elif isinstance(event, events.NonFatalError):
            errors.append(f"{event.label}: {event.info.message if hasattr(event, 'info') else event}")
        elif isinstance(event, events.FatalError):
            raise event.exception
    print(f"schemathesis: {sum(statuses.values())} responses {dict(sorted(statuses.items()))}; "
          f"checks run {dict(sorted(checks_run.items()))}")
    assert not errors, "\n".join(errors[:20])
    assert not failures, f"{len(failures)} failure(s):\n" + "\n".join(sorted(set(failures))[:40])
    # It did exercise the API with every check: many requests, accepted and refused ones.
    assert set(checks_run) >= {"not_a_server_error", "status_code_conformance", "content_type_conformance",
                               "response_headers_conformance", "response_schema_conformance",
                               "negative_data_rejection", "positive_data_acceptance"}, checks_run
    assert {200, 201, 204, 404, 422} <= set(statuses), statuses
    assert sum(statuses.values()) >= 500, statuses
    assert set(CHECKS.get_all_names()) >= set(checks_run)
