"""Saved queries without a database: header parsing, parameter schemas and validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.graph.saved_spec import (
    ParamError,
    SpecError,
    check_cypher_text,
    load_shipped,
    parse_header,
    validate_params,
)

SAVED = Path(__file__).resolve().parents[2] / "cypher" / "saved"

HEADER = """// ---
// name: people_named
// description: People whose name contains a string.
// parameters:
//   q: {type: string, required: true, max_length: 20}
//   since: {type: date}
//   limit: {type: integer, default: 50, minimum: 1, maximum: 500}
//   ratio: {type: number, minimum: 0, maximum: 1}
//   exact: {type: boolean, default: false}
//   ids: {type: string_list}
//   kind: {type: string, enum: [direct, indirect]}
// columns: [name]
// ---
MATCH (p:Person) WHERE p.name CONTAINS $q AND ($since IS NULL OR p.x > $since)
  AND ($ratio IS NULL OR 1 > $ratio) AND ($ids IS NULL OR p.id IN $ids) AND $exact = $exact
  AND ($kind IS NULL OR $kind = 'direct')
RETURN p.name AS name LIMIT $limit
"""


@pytest.fixture
def spec():  # type: ignore[no-untyped-def]
    return parse_header(HEADER, source="test")


def test_shipped_library_has_at_least_twelve_valid_queries() -> None:
    shipped = load_shipped(SAVED)
    assert len(shipped) >= 12
    for name, spec in shipped.items():
        assert spec.name == name
        assert spec.description
        assert spec.columns, name
        schema = spec.json_schema()
        assert schema["type"] == "object" and schema["additionalProperties"] is False
        assert set(schema["properties"]) == set(spec.parameters)
        # Every query is bounded: a limit parameter with a maximum.
        assert spec.parameters["limit"].maximum is not None, name


def test_json_schema_carries_types_defaults_and_bounds(spec) -> None:  # type: ignore[no-untyped-def]
    schema = spec.json_schema()
    assert schema["required"] == ["q"]
    props = schema["properties"]
    assert props["q"] == {"type": "string", "maxLength": 20}
    assert props["limit"] == {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}
    assert props["since"]["pattern"].startswith("^\\d{4}")
    assert props["ids"]["type"] == "array"
    assert props["kind"]["enum"] == ["direct", "indirect"]


def test_defaults_fill_missing_params(spec) -> None:  # type: ignore[no-untyped-def]
    params = validate_params(spec, {"q": "Maduro"})
    assert params == {
        "q": "Maduro",
        "since": None,
        "limit": 50,
        "ratio": None,
        "exact": False,
        "ids": None,
        "kind": None,
    }


@pytest.mark.parametrize(
    ("given", "field", "message"),
    [
        ({}, "q", "is required"),
        ({"q": 5}, "q", "must be a string"),
        ({"q": "x" * 21}, "q", "at most 20 characters"),
        ({"q": "a", "limit": 0}, "limit", "must be >= 1"),
        ({"q": "a", "limit": 501}, "limit", "must be <= 500"),
        ({"q": "a", "limit": "10"}, "limit", "must be an integer"),
        ({"q": "a", "limit": True}, "limit", "must be an integer"),
        ({"q": "a", "limit": 2.5}, "limit", "must be an integer"),
        ({"q": "a", "since": "09/08/2022"}, "since", "must be a date"),
        ({"q": "a", "ratio": 1.5}, "ratio", "must be <= 1"),
        ({"q": "a", "exact": "yes"}, "exact", "must be true or false"),
        ({"q": "a", "ids": "x"}, "ids", "must be a list of strings"),
        ({"q": "a", "kind": "shouted"}, "kind", "must be one of"),
        ({"q": "a", "limitt": 3}, "limitt", "unknown parameter"),
    ],
)
def test_bad_params_name_the_field(spec, given, field, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ParamError) as info:
        validate_params(spec, given)
    assert info.value.field == field
    assert message in info.value.message


def test_text_params_are_typed_from_strings(spec) -> None:  # type: ignore[no-untyped-def]
    params = validate_params(
        spec,
        {"q": "Petro", "limit": "7", "ratio": "0.5", "exact": "true", "ids": "a, b", "since": "2022-08"},
        from_text=True,
    )
    assert params["limit"] == 7 and params["ratio"] == 0.5 and params["exact"] is True
    assert params["ids"] == ["a", "b"] and params["since"] == "2022-08"
    with pytest.raises(ParamError) as info:
        validate_params(spec, {"q": "a", "limit": "ten"}, from_text=True)
    assert info.value.field == "limit"


@pytest.mark.parametrize(
    ("cypher", "reason"),
    [
        ("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", "LOAD CSV"),
        ("USE system SHOW USERS", "USE"),
        ("CALL dbms.components() YIELD name RETURN name", "CALL dbms."),
        ("MATCH (n) RETURN n; MATCH (m) DETACH DELETE m", "one statement"),
        ("SHOW TRANSACTIONS", "SHOW"),
        ("EXPLAIN MATCH (n) RETURN n", "EXPLAIN"),
        ("MATCH (n) CALL (n) { SET n.x = 1 } IN TRANSACTIONS RETURN n", "IN TRANSACTIONS"),
    ],
)
def test_text_screen_refuses_what_explain_cannot_see(cypher: str, reason: str) -> None:
    with pytest.raises(SpecError) as info:
        check_cypher_text(cypher, source="q")
    assert reason in str(info.value)


def test_text_screen_ignores_strings_and_comments() -> None:
    check_cypher_text(
        "MATCH (n) WHERE n.text = 'LOAD CSV; USE x' // SHOW\nRETURN n.start AS start", source="q"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("MATCH (n) RETURN n", "must start with a '// ---' header"),
        ("// ---\n// name: ok_name\n", "not closed"),
        ("// ---\n// name: Bad-Name\n// description: x\n// ---\nRETURN 1", "name must match"),
        ("// ---\n// name: ok_name\n// ---\nRETURN 1", "description is required"),
        ("// ---\n// name: ok_name\n// description: d\n// ---\nRETURN $x", "undeclared parameters ['x']"),
        (
            "// ---\n// name: ok_name\n// description: d\n// parameters:\n"
            "//   x: {type: uuid}\n// ---\nRETURN $x",
            "parameter x",
        ),
        (
            "// ---\n// name: ok_name\n// description: d\n// parameters:\n"
            "//   x: {type: integer, default: 'a'}\n// ---\nRETURN $x",
            "default of x",
        ),
        (
            "// ---\n// name: ok_name\n// description: d\n// colour: red\n// ---\nRETURN 1",
            "unknown header keys",
        ),
    ],
)
def test_bad_headers_are_explained(text: str, problem: str) -> None:
    with pytest.raises(SpecError) as info:
        parse_header(text, source="q.cypher")
    assert problem in str(info.value)
