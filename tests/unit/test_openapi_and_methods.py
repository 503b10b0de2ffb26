"""The OpenAPI document declares every problem response (app/openapi.py), and a 405 names every
method the path accepts (app/errors.py). No database: nothing here reaches a query."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.main import create_app
from app.openapi import vocabulary_pattern
from app.schemas import EDGE_TYPES
from app.settings import Neo4jSettings, Settings


def make_app() -> FastAPI:
    return create_app(settings=Settings(), neo4j_settings=Neo4jSettings(uri="bolt://127.0.0.1:9"))


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return make_app().openapi()


def responses(document: dict[str, Any], method: str, path: str) -> set[str]:
    return set(document["paths"][path][method]["responses"])


def test_each_operation_declares_the_problems_it_can_answer(document: dict[str, Any]) -> None:
    assert responses(document, "get", "/health") == {"200"}
    assert responses(document, "get", "/ready") == {"200", "503"}
    assert responses(document, "get", "/api/queries") == {"200", "401", "503", "504"}
    assert responses(document, "get", "/api/entities/{entity_id}") == {
        "200", "401", "404", "422", "503", "504"}
    assert responses(document, "delete", "/api/queries/{name}") == {
        "204", "401", "403", "404", "409", "422", "503", "504"}
    assert responses(document, "post", "/api/documents") == {
        "201", "400", "401", "403", "404", "409", "413", "422", "429", "503", "504"}
    assert responses(document, "post", "/api/extract") == {"200", "400", "401", "413", "422", "429"}
    assert responses(document, "post", "/api/queries/{name}/run") == {
        "200", "400", "401", "404", "413", "422", "503", "504"}


def test_every_problem_is_problem_json_with_its_headers(document: dict[str, Any]) -> None:
    problems = 0
    for path_item in document["paths"].values():
        for operation in path_item.values():
            for code, response in operation["responses"].items():
                if code[0] in "45":
                    problems += 1
                    assert response["content"] == {
                        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                    if code in ("429", "503"):
                        assert "Retry-After" in response["headers"]
                    if code == "401":
                        assert "WWW-Authenticate" in response["headers"]
    assert problems >= 90  # 19 operations, most with 5 or more
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
    assert schemas["Problem"]["required"] == ["type", "title", "status", "detail"]


def test_type_lists_declare_their_vocabulary(document: dict[str, Any]) -> None:
    parameter = next(p for p in document["paths"]["/api/paths"]["get"]["parameters"] if p["name"] == "types")
    array = next(branch for branch in parameter["schema"]["anyOf"] if branch.get("type") == "array")
    assert array["items"]["pattern"] == vocabulary_pattern(EDGE_TYPES)
    pattern = re.compile(vocabulary_pattern(EDGE_TYPES))
    for accepted in ("SAID", "SAID,ABOUT", " SAID , ,ABOUT", ""):
        assert pattern.match(accepted), accepted
    for refused in ("Error", "SAIDX", "said", "SAID;ABOUT"):
        assert not pattern.match(refused), refused


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", "/api/queries/officials_on_date", "DELETE, GET"),
        ("PATCH", "/api/documents/doc:x", "DELETE, GET"),
        ("PUT", "/api/documents", "GET, POST"),
        ("GET", "/api/queries/officials_on_date/run", "POST"),
        ("PUT", "/api/search", "GET"),
        ("POST", "/static/app.css", "GET, HEAD"),
    ],
)
async def test_405_lists_every_allowed_method(method: str, path: str, allow: str) -> None:
    transport = httpx.ASGITransport(app=make_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert response.headers["content-type"].startswith("application/problem+json")
