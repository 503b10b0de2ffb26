"""Property-based: requests generated from the OpenAPI document never get a 5xx.

Bounded for CI: 12 examples per operation (about 20 operations, a few hundred requests), against the
real app and the session Neo4j with the seed loaded. Write endpoints answer 401 (no key is sent),
which keeps generated data out of the graph.

The operations are walked by hand (strategy per operation, `@given` inside the test) rather than
with `schemathesis.pytest.from_fixture`, whose lazy loader does not run on pytest 9.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from importers.contract import Extraction
from tests.api.conftest import Keys, make_app


@pytest.fixture
def api_schema(neo4j_server: object, neo4j_database: str, api_keys: Keys, seeded: Extraction) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", make_app(neo4j_server, api_keys))


def test_no_server_errors(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    failures: list[str] = []
    statuses: list[int] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            response = case.call()
            statuses.append(response.status_code)
            if response.status_code >= 500 or "Traceback" in response.text:
                failures.append(
                    f"{case.method} {case.formatted_path} {case.query} {case.body!r:.200}"
                    f" -> {response.status_code} {response.text[:300]}"
                )

        check()
    assert not failures, "\n".join(failures[:20])
    # It did exercise the API: many requests, both accepted and refused ones.
    assert len(statuses) >= 100 and 200 in statuses and 422 in statuses, sorted(set(statuses))
