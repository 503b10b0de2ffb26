"""Judging a saved query without a database: the tokenizer, the function/procedure finder, the
text screen and the walk over an EXPLAIN plan (plans below are shaped like the driver's
`summary.plan`, copied from Neo4j 5.26's answers)."""

from __future__ import annotations

from typing import Any

import pytest

from app.graph.saved_spec import (
    BUILTIN_FUNCTIONS,
    READ_OPERATORS,
    QueryPolicy,
    SpecError,
    called_functions,
    called_procedures,
    check_cypher_text,
    check_plan,
    load_shipped,
    plan_operators,
    range_sizes,
    tokenize,
)
from tests.unit.test_saved_queries_params import SAVED

BYPASS = "WITH 1 AS `x'` LOAD CSV FROM $url AS row FIELDTERMINATOR '\\t' RETURN row AS c //'"


def _op(name: str, details: str | None = None, *children: dict[str, Any]) -> dict[str, Any]:
    args = {"Details": details} if details is not None else {}
    return {"operatorType": f"{name}@neo4j", "args": args, "identifiers": [], "children": list(children)}


def _kinds(cypher: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokenize(cypher)]


# ---- tokenizer -----------------------------------------------------------------------------------


def test_backtick_name_with_a_quote_does_not_open_a_string() -> None:
    tokens = _kinds(BYPASS)
    assert ("name", "x'") in tokens
    assert [text for kind, text in tokens if kind == "word"][:5] == ["WITH", "AS", "LOAD", "CSV", "FROM"]
    assert ("string", "\\t") in tokens
    assert tokens[-1] == ("word", "c")  # the trailing //' is a comment


def test_strings_with_escaped_quotes_and_comment_markers_are_one_token() -> None:
    assert _kinds(r"RETURN 'it\'s // not /* a comment' AS a, " + '"say \\"hi\\"" AS b') == [
        ("word", "RETURN"),
        ("string", r"it\'s // not /* a comment"),
        ("word", "AS"),
        ("word", "a"),
        ("punct", ","),
        ("string", 'say \\"hi\\"'),
        ("word", "AS"),
        ("word", "b"),
    ]


def test_doubled_backtick_is_a_backtick_inside_a_name() -> None:
    assert _kinds("RETURN 1 AS `a``b // c`") == [
        ("word", "RETURN"),
        ("number", "1"),
        ("word", "AS"),
        ("name", "a`b // c"),
    ]


def test_comments_are_skipped_and_end_at_any_line_break() -> None:
    assert _kinds("MATCH /* x 'y */ (n) // z `w\nRETURN n") == [
        ("word", "MATCH"),
        ("punct", "("),
        ("word", "n"),
        ("punct", ")"),
        ("word", "RETURN"),
        ("word", "n"),
    ]
    # A carriage return ends a line comment too: what follows is code.
    assert ("word", "apoc") in _kinds("RETURN 1 // c\rUNION RETURN apoc.x(1)")


def test_parameters_and_numbers() -> None:
    assert _kinds("RETURN $limit, $`odd name`, 1.5, 10") == [
        ("word", "RETURN"),
        ("param", "limit"),
        ("punct", ","),
        ("param", "odd name"),
        ("punct", ","),
        ("number", "1.5"),
        ("punct", ","),
        ("number", "10"),
    ]
    assert _kinds("MATCH (a)-[*1..3]->(b)")[7:11] == [
        ("number", "1"),
        ("punct", "."),
        ("punct", "."),
        ("number", "3"),
    ]


@pytest.mark.parametrize("cypher", ["RETURN 'open", "RETURN `open", "RETURN 1 /* open", 'RETURN "a\\"'])
def test_unclosed_strings_names_and_comments_are_errors(cypher: str) -> None:
    with pytest.raises(SpecError, match="unclosed"):
        tokenize(cypher)


# ---- functions and procedures --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cypher", "functions"),
    [
        ("MATCH (n) WHERE toLower(n.name) CONTAINS 'x' RETURN count(*)", ["toLower", "count"]),
        ("RETURN apoc.text.join(['a'], ',')", ["apoc.text.join"]),
        ("RETURN apoc . text /* hidden */ . join (['a'], ',')", ["apoc.text.join"]),
        ("RETURN `apoc`.`text`.`join`(['a'], ',')", ["apoc.text.join"]),
        ("RETURN `db.info`()", ["db.info"]),
        ("RETURN foo\u00a0(1), bar\u200b(2)", ["foo", "bar"]),
        # Clauses, operators and subquery braces are not calls.
        ("MATCH (a) WHERE (a)--() AND NOT (a:X) RETURN CASE (1) WHEN (1) THEN (2) END", []),
        ("MATCH (n) CALL (n) { MATCH (n)--(m) RETURN m } RETURN COUNT { (n)--() }, m", []),
        ("MATCH p = ALL SHORTEST (a)--+(b) RETURN p", []),
        ("MATCH p = ANY (a)--+(b) RETURN p", ["ANY"]),  # `any` is a built-in either way
        ("RETURN 'apoc.x(1)' AS s // apoc.y(2)\n", []),
    ],
)
def test_called_functions(cypher: str, functions: list[str]) -> None:
    assert called_functions(tokenize(cypher)) == functions


def test_called_procedures_with_and_without_parentheses() -> None:
    assert called_procedures(tokenize("CALL db.info")) == ["db.info"]
    assert called_procedures(tokenize("CALL `db`.stats.collect('QUERIES') YIELD section")) == [
        "db.stats.collect"
    ]
    assert called_procedures(tokenize("MATCH (n) CALL (n) { RETURN 1 AS x } RETURN x")) == []
    assert called_procedures(tokenize("OPTIONAL CALL db.labels() YIELD label RETURN label")) == ["db.labels"]


def test_policy_from_settings_text() -> None:
    policy = QueryPolicy.parse("db.labels, DB.Info", "builtin, apoc.text.join")
    assert policy.procedures == {"db.labels", "db.info"}
    assert "apoc.text.join" in policy.functions and policy.functions >= BUILTIN_FUNCTIONS
    only = QueryPolicy.parse("", "toLower")
    assert only.functions == {"tolower"} and only.procedures == frozenset()
    assert not any(f.startswith(("db.", "graph.", "apoc.")) for f in BUILTIN_FUNCTIONS)


# ---- the text screen -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cypher", "reason"),
    [
        (BYPASS, "'LOAD CSV' is not allowed"),
        ("CALL db.stats.collect('QUERIES')", "'CALL db.stats.collect' is not allowed"),
        ("CALL db.stats.retrieve('QUERIES')", "'CALL db.stats.retrieve' is not allowed"),
        ("CALL db.info()", "'CALL db.info' is not allowed"),
        ("CALL db.awaitIndexes(300)", "'CALL db.awaitIndexes' is not allowed"),
        ("RETURN apoc.text.join(['a'], ',') AS s", "function apoc.text.join() is not allowed"),
        ("RETURN `apoc`.`text`.join(['a'], ',') AS s", "function apoc.text.join() is not allowed"),
        ("RETURN graph.names() AS g", "function graph.names() is not allowed"),
        ("USE neo4j MATCH (n) RETURN n", "'USE' is not allowed"),
        ("MATCH (n) CALL { USE neo4j MATCH (m) RETURN m } RETURN n", "'USE' is not allowed"),
        ("RETURN 1 AS a; RETURN 2 AS b", "one statement"),
        ("SHOW SETTINGS", "'SHOW' is not allowed"),
        ("profile MATCH (n) RETURN n", "EXPLAIN or PROFILE"),
        ("RETURN 'x", "unclosed string"),
    ],
)
def test_text_screen_refuses(cypher: str, reason: str) -> None:
    with pytest.raises(SpecError) as info:
        check_cypher_text(cypher, source="q")
    assert reason in str(info.value)


def test_text_screen_accepts_reads_and_what_only_looks_dangerous() -> None:
    for cypher in (
        "MATCH (n) WHERE n.text = 'LOAD CSV; USE x; CALL db.info()' RETURN n.use AS u, {use: 1} AS m",
        "MATCH (n) // CALL db.info()\nRETURN toUpper(n.name) AS name, date.truncate('month', date()) AS d;",
        "MATCH (n:`LOAD CSV`) RETURN `apoc.x` AS c",
    ):
        check_cypher_text(cypher, source="q")


def test_allow_lists_open_procedures_and_functions() -> None:
    policy = QueryPolicy.parse("db.labels", "builtin,apoc.text.join")
    check_cypher_text(
        "CALL db.labels() YIELD label RETURN apoc.text.join([label], ',') AS l", source="q", policy=policy
    )
    with pytest.raises(SpecError, match="function toLower"):
        check_cypher_text("RETURN toLower('A') AS a", source="q", policy=QueryPolicy.parse("", "count"))


# ---- values one expression may build --------------------------------------------------------------


@pytest.mark.parametrize(
    ("cypher", "sizes"),
    [
        ("RETURN range(1, 10) AS r", [10]),
        ("RETURN RANGE(0, 100, 10) AS r, range(10, 1, -3) AS s", [11, 4]),
        ("RETURN range(5, 1) AS r, range(-2, 2) AS s, range(1, 2_000) AS t", [0, 5, 2000]),
        ("RETURN range(0x10, 0x1f) AS r", [16]),
        ("RETURN range(1, $n) AS r, range(1, size([1])) AS s, range(1, 10, 0) AS t", [None, None, None]),
        ("RETURN range(1.5, 3) AS r, `range`(1, 3) AS s", [None, 3]),
        ("MATCH (n) WHERE n.range = 1 RETURN n.range AS r, {range: 2} AS m", []),
    ],
)
def test_range_sizes(cypher: str, sizes: list[int | None]) -> None:
    assert range_sizes(tokenize(cypher)) == sizes


@pytest.mark.parametrize(
    ("cypher", "reason"),
    [
        ("RETURN [x IN range(1, 100000000) | x] AS xs", "more than 10,000 values"),
        ("RETURN size(range(1, 10001)) AS n", "more than 10,000 values"),
        ("UNWIND range(1, 200) AS a RETURN [b IN range(1, 200) | a * b] AS xs", "more than 10,000"),
        ("WITH 100000000 AS n RETURN range(1, n) AS r", "integer literals only"),
        ("RETURN range(1, 10 ^ 8) AS r", "integer literals only"),
        ("RETURN reduce(s = 'x', i IN [1, 2, 3] | s + s) AS s", "function reduce() is not allowed"),
    ],
)
def test_growth_screen_refuses(cypher: str, reason: str) -> None:
    with pytest.raises(SpecError) as info:
        check_cypher_text(cypher, source="q")
    assert reason in str(info.value)


def test_growth_limits_are_settings() -> None:
    check_cypher_text("RETURN range(1, 10000) AS r", source="q")
    check_cypher_text("UNWIND range(1, 100) AS a UNWIND range(1, 100) AS b RETURN a, b", source="q")
    with pytest.raises(SpecError, match="more than 100 values"):
        check_cypher_text("RETURN range(1, 101) AS r", source="q", policy=QueryPolicy.parse(max_range=100))
    with_reduce = QueryPolicy.parse("", "builtin,reduce")
    check_cypher_text("RETURN reduce(t = 0, i IN [1, 2] | t + i) AS t", source="q", policy=with_reduce)


def test_every_shipped_query_passes_the_text_screen() -> None:
    for spec in load_shipped(SAVED).values():
        check_cypher_text(spec.cypher, source=spec.name)


# ---- the plan walk -------------------------------------------------------------------------------

BYPASS_PLAN = _op(
    "ProduceResults",
    "c",
    _op("Projection", "row AS c", _op("LoadCSV", "row", _op("Projection", "$autoint_0 AS `x'`"))),
)
READ_PLAN = _op(
    "ProduceResults",
    "n",
    _op(
        "Top",
        "`n.name` ASC LIMIT 3",
        _op(
            "Projection",
            "n.name AS `n.name`",
            _op(
                "Apply",
                None,
                _op("NodeByLabelScan", "n:Person"),
                _op("VarLengthExpand(All)", "(n)-[anon_0*..3]->(m)", _op("Argument", "n")),
            ),
        ),
    ),
)


def test_plan_operators_walk_every_child_in_order() -> None:
    assert plan_operators(BYPASS_PLAN) == [
        ("ProduceResults", "c"),
        ("Projection", "row AS c"),
        ("LoadCSV", "row"),
        ("Projection", "$autoint_0 AS `x'`"),
    ]
    assert [name for name, _ in plan_operators(READ_PLAN)] == [
        "ProduceResults",
        "Top",
        "Projection",
        "Apply",
        "NodeByLabelScan",
        "VarLengthExpand(All)",
        "Argument",
    ]


def test_a_read_plan_passes() -> None:
    check_plan(READ_PLAN, source="q")
    assert {
        "Expand",
        "VarLengthExpand",
        "ShortestPath",
        "Unwind",
        "Distinct",
        "Union",
        "Optional",
        "RollUpApply",
        "ProduceResults",
    } <= READ_OPERATORS


@pytest.mark.parametrize(
    ("plan", "reason"),
    [
        (BYPASS_PLAN, "loads a file or URL (LoadCSV)"),
        (
            _op(
                "ProduceResults",
                "",
                _op("ProcedureCall", "db.stats.collect($autostring_0) :: (section :: STRING)"),
            ),
            "calls procedure db.stats.collect",
        ),
        (
            _op(
                "ProduceResults",
                "",
                _op("EmptyResult", None, _op("ProcedureCall", "db.awaitIndexes($a) :: ()")),
            ),
            "calls procedure db.awaitIndexes",
        ),
        (_op("ProduceResults", "n", _op("Create", "(n)")), "operator Create"),
        (
            _op("ProduceResults", "n", _op("SetProperty", "n.x = 1", _op("AllNodesScan", "n"))),
            "operator SetProperty",
        ),
        (
            _op(
                "ProduceResults", "n", _op("TransactionForeach", "IN TRANSACTIONS", _op("AllNodesScan", "n"))
            ),
            "operator TransactionForeach",
        ),
        (_op("ProduceResults", "name", _op("ShowSettings", "allSettings")), "operator ShowSettings"),
        (
            _op("ProduceResults", "x", _op("Apply", None, _op("Argument"), _op("SomethingNew"))),
            "operator SomethingNew",
        ),
        ({}, "no plan"),
    ],
)
def test_plans_with_other_operators_are_refused(plan: dict[str, Any], reason: str) -> None:
    with pytest.raises(SpecError) as info:
        check_plan(plan, source="q")
    assert reason in str(info.value)


def test_an_allowed_procedure_passes_the_plan_check() -> None:
    plan = _op("ProduceResults", "label", _op("ProcedureCall", "db.labels() :: (label :: STRING)"))
    check_plan(plan, source="q", policy=QueryPolicy.parse("db.labels"))
    with pytest.raises(SpecError, match=r"db\.labels"):
        check_plan(plan, source="q", policy=QueryPolicy.parse("db.info"))
