"""Saved queries without the database: header parsing, parameter schemas and validation.

A shipped saved query is a file `cypher/saved/<name>.cypher` that opens with a YAML header written
as `//` comments between two `// ---` lines:

    // ---
    // name: officials_on_date
    // description: People holding an office of a country on a date.
    // parameters:
    //   country: {type: string, required: true, description: Country id, e.g. country:VEN}
    //   limit: {type: integer, default: 100, minimum: 1, maximum: 1000}
    // columns: [person, office, valid_from, valid_to, sources]
    // graph: false
    // ---
    MATCH ...

The header is data, so `GET /api/queries` can publish a JSON Schema for each query's parameters
and the API and CLI validate a run's parameters before any Cypher is sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from app.schemas import ParamSpec
from importers.contract import DATE_RE

NAME_RE = re.compile(r"^[a-z][a-z0-9_]{2,63}$")
_PARAM_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_DEFAULT_MAX_STRING = 500
_MAX_LIST = 200

class SpecError(ValueError):
    """A saved query's header or Cypher is unusable; the message says why."""


class ParamError(ValueError):
    """Run parameters do not match a query's schema; `field` names the offending parameter."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


@dataclass
class SavedQuerySpec:
    name: str
    description: str
    cypher: str
    parameters: dict[str, ParamSpec] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)
    graph: bool = False
    origin: str = "shipped"
    version: int = 1
    versions: list[int] = field(default_factory=list)
    created_by: str | None = None
    created_at: str | None = None

    def json_schema(self) -> dict[str, Any]:
        return params_json_schema(self.parameters)


def parse_header(text: str, *, source: str) -> SavedQuerySpec:
    """Split a saved-query file into its YAML header and its Cypher body."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "// ---":
        raise SpecError(f"{source}: must start with a '// ---' header line")
    header: list[str] = []
    end = None
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == "// ---":
            end = i
            break
        if not line.startswith("//"):
            raise SpecError(f"{source}:{i + 1}: header lines must start with '//'")
        header.append(line[3:] if line.startswith("// ") else line[2:])
    if end is None:
        raise SpecError(f"{source}: header is not closed by a '// ---' line")
    try:
        meta = yaml.safe_load("\n".join(header)) or {}
    except yaml.YAMLError as exc:
        raise SpecError(f"{source}: header is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise SpecError(f"{source}: header must be a mapping")
    cypher = "\n".join(lines[end + 1 :]).strip()
    return build_spec(meta, cypher, source=source)


def build_spec(
    meta: dict[str, Any],
    cypher: str,
    *,
    source: str,
    origin: str = "shipped",
    policy: QueryPolicy | None = None,
) -> SavedQuerySpec:
    unknown = set(meta) - {"name", "description", "parameters", "columns", "graph"}
    if unknown:
        raise SpecError(f"{source}: unknown header keys {sorted(unknown)}")
    name = meta.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise SpecError(f"{source}: name must match {NAME_RE.pattern}")
    description = meta.get("description")
    if not isinstance(description, str) or not description.strip():
        raise SpecError(f"{source}: description is required")
    raw_params = meta.get("parameters") or {}
    if not isinstance(raw_params, dict):
        raise SpecError(f"{source}: parameters must be a mapping")
    params: dict[str, ParamSpec] = {}
    for pname, pspec in raw_params.items():
        if not isinstance(pname, str) or not _PARAM_NAME_RE.match(pname):
            raise SpecError(f"{source}: bad parameter name {pname!r}")
        try:
            params[pname] = pspec if isinstance(pspec, ParamSpec) else ParamSpec.model_validate(pspec)
        except ValidationError as exc:
            raise SpecError(f"{source}: parameter {pname}: {exc.errors()[0]['msg']}") from exc
    for pname, pspec in params.items():
        if pspec.default is not None:
            try:
                coerce_value(pname, pspec, pspec.default, from_text=False)
            except ParamError as exc:
                raise SpecError(f"{source}: default of {exc}") from exc
    columns = meta.get("columns") or []
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise SpecError(f"{source}: columns must be a list of names")
    if not cypher:
        raise SpecError(f"{source}: no Cypher after the header")
    check_cypher_text(cypher, source=source, policy=policy)
    used = {t.text for t in tokenize(cypher) if t.kind == "param"}
    missing = used - set(params)
    if missing:
        raise SpecError(f"{source}: Cypher uses undeclared parameters {sorted(missing)}")
    return SavedQuerySpec(
        name=name,
        description=description.strip(),
        cypher=cypher,
        parameters=params,
        columns=list(columns),
        graph=bool(meta.get("graph", False)),
        origin=origin,
    )


# ---- judging a query: tokens, functions, procedures, plan --------------------------------------
#
# A saved query is accepted only when (1) its text passes a cheap token screen (one statement, no
# USE, no LOAD CSV, no IN TRANSACTIONS, no admin command, every function and procedure it names on
# an allow-list) and (2) every operator of its EXPLAIN plan is a read operator (`check_plan`, run by
# app/graph/saved_queries.py against the server). The plan is the authority on what the query does;
# the tokens add what a plan does not show: which functions are called, and `USE`.


def _words(text: str) -> list[str]:
    """The words of a multi-line list; `#` starts a comment to the end of its line."""
    return [word for line in text.splitlines() for word in line.split("#", 1)[0].split()]


READ_OPERATORS: frozenset[str] = frozenset(
    _words(
        """
        # leaves: scans, seeks, counts from the count store, the argument of a nested plan
        AllNodesScan NodeByLabelScan UnionNodeByLabelsScan IntersectionNodeByLabelsScan
        SubtractionNodeByLabelsScan NodeByIdSeek NodeByElementIdSeek NodeIndexSeek
        NodeUniqueIndexSeek NodeIndexSeekByRange NodeUniqueIndexSeekByRange NodeIndexScan
        NodeIndexContainsScan NodeIndexEndsWithScan MultiNodeIndexSeek DirectedRelationshipIndexSeek
        UndirectedRelationshipIndexSeek DirectedRelationshipUniqueIndexSeek
        UndirectedRelationshipUniqueIndexSeek DirectedRelationshipIndexSeekByRange
        UndirectedRelationshipIndexSeekByRange DirectedRelationshipUniqueIndexSeekByRange
        UndirectedRelationshipUniqueIndexSeekByRange DirectedRelationshipIndexScan
        UndirectedRelationshipIndexScan DirectedRelationshipIndexContainsScan
        UndirectedRelationshipIndexContainsScan DirectedRelationshipIndexEndsWithScan
        UndirectedRelationshipIndexEndsWithScan DirectedRelationshipByIdSeek
        UndirectedRelationshipByIdSeek DirectedRelationshipByElementIdSeek
        UndirectedRelationshipByElementIdSeek DirectedRelationshipTypeScan
        UndirectedRelationshipTypeScan DirectedUnionRelationshipTypesScan
        UndirectedUnionRelationshipTypesScan DirectedAllRelationshipsScan
        UndirectedAllRelationshipsScan NodeCountFromCountStore RelationshipCountFromCountStore
        Argument ArgumentTracker
        # expands and paths (var-length, shortest, quantified path patterns)
        Expand OptionalExpand VarLengthExpand ProjectEndpoints ShortestPath StatefulShortestPath
        Repeat BidirectionalRepeat NullifyMetadata PathPropagatingBFS TriadicSelection TriadicBuild
        TriadicFilter
        # apply variants, joins and products (subqueries, EXISTS/COUNT/COLLECT, OPTIONAL MATCH)
        Apply SemiApply AntiSemiApply LetSemiApply LetAntiSemiApply SelectOrSemiApply
        SelectOrAntiSemiApply LetSelectOrSemiApply LetSelectOrAntiSemiApply ConditionalApply
        AntiConditionalApply RollUpApply CartesianProduct NodeHashJoin NodeLeftOuterHashJoin
        NodeRightOuterHashJoin ValueHashJoin Optional Anti
        # row operators
        Filter Projection CacheProperties Aggregation EagerAggregation OrderedAggregation Distinct
        OrderedDistinct Sort PartialSort Top PartialTop Limit ExhaustiveLimit Skip Unwind Union
        OrderedUnion Eager PreserveOrder EmptyResult ProduceResults
        """
    )
)
"""Plan operators (name without `@neo4j` and without a `(All)`-style suffix) a saved query may use."""

# Neo4j 5's built-in functions, lower-cased (function names are case-insensitive). Left out on
# purpose: `db.*` and `graph.*` (they name databases and element ids of other graphs), and `file()` /
# `linenumber()` (LOAD CSV only), and `reduce()`: an accumulator that doubles itself
# (`reduce(s = 'x', i IN [..] | s + s)`) grows past any heap in one expression, which Neo4j
# Community's memory limits do not see (docs/security.md); list it in INTELGRAPH_SAVED_QUERY_FUNCTIONS
# to allow it. `range()` is allowed with literal bounds only (see check_growth). `builtin` in
# INTELGRAPH_SAVED_QUERY_FUNCTIONS stands for this set.
BUILTIN_FUNCTIONS: frozenset[str] = frozenset(
    name.lower()
    for name in _words(
        """
    abs acos all any asin atan atan2 avg btrim ceil char_length character_length coalesce collect
    cos cot count degrees e elementId endNode exists exp floor haversin head id isEmpty isNaN
    isNormalized keys labels last left length log log10 lower ltrim max min none normalize nodes
    nullIf percentileCont percentileDisc pi properties radians rand randomUUID range
    relationships replace reverse right round rtrim sign sin single size split sqrt startNode stDev
    stDevP substring sum tail tan toBoolean toBooleanList toBooleanOrNull toFloat toFloatList
    toFloatOrNull toInteger toIntegerList toIntegerOrNull toLower toString toStringList
    toStringOrNull toUpper trim type upper valueType shortestPath allShortestPaths
    date date.realtime date.statement date.transaction date.truncate
    datetime datetime.fromepoch datetime.fromepochmillis datetime.realtime datetime.statement
    datetime.transaction datetime.truncate
    localdatetime localdatetime.realtime localdatetime.statement localdatetime.transaction
    localdatetime.truncate localtime localtime.realtime localtime.statement localtime.transaction
    localtime.truncate time time.realtime time.statement time.transaction time.truncate
    duration duration.between duration.inDays duration.inMonths duration.inSeconds timestamp
    point point.distance point.withinBBox vector.similarity.cosine vector.similarity.euclidean
    """
    )
)

# Words that may stand before "(" without calling a function (clauses, operators, path selectors).
# Only unquoted single words: a dotted or backtick-quoted name before "(" is always a call. Sound
# because Neo4j refuses user-defined functions in the root namespace, so no plugin function can hide
# behind one of these words.
_NOT_CALLS = frozenset(
    _words(
        """
    match optional where and or xor not in return with distinct call merge create unwind case when
    then else by skip limit offset set remove delete detach foreach shortest paths path groups group
    from yield union on as is contains starts ends asc desc ascending descending order filter let
    finish nodetach use to of rows repeatable different elements relationships element
    relationship walk trail acyclic for require options index constraint
    """
    )
)

# Characters Cypher treats as whitespace beyond Python's str.isspace() (treating more characters as
# separators than Neo4j does can only find more calls, never fewer).
_EXTRA_SPACE = frozenset("\u180e\u200b\u200c\u200d\u2060\ufeff")
_LINE_ENDS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_PUNCT_IN_WORDS = frozenset("_")


@dataclass(frozen=True)
class Token:
    """One Cypher token: `word` (unquoted name or keyword), `name` (backtick-quoted, unescaped),
    `param` (text without the `$`), `string`, `number` or `punct` (one character)."""

    kind: str
    text: str
    offset: int


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch in _EXTRA_SPACE


def _is_word_char(ch: str) -> bool:
    # ASCII: letters, digits, "_". Any other non-space character outside ASCII is taken as part of
    # a word (Neo4j identifiers may hold Unicode letters; anything odd then fails the allow-lists).
    if ch.isascii():
        return ch.isalnum() or ch in _PUNCT_IN_WORDS
    return not _is_space(ch)


def tokenize(cypher: str) -> list[Token]:
    """Cypher's tokens, skipping whitespace and `//` / `/* */` comments (raises SpecError when a
    string, a backtick name or a comment is not closed).

    Strings honour backslash escapes (`'it\\'s'`); backtick names honour a doubled backtick
    (`` `a``b` `` is the name a`b); comment markers inside either are text, and quotes inside a
    backtick name (`` `x'` ``) are part of the name.
    """
    tokens: list[Token] = []
    i, n = 0, len(cypher)
    while i < n:
        ch = cypher[i]
        if _is_space(ch):
            i += 1
        elif cypher.startswith("//", i):
            while i < n and cypher[i] not in _LINE_ENDS:
                i += 1
        elif cypher.startswith("/*", i):
            end = cypher.find("*/", i + 2)
            if end < 0:
                raise SpecError(f"unclosed /* comment at offset {i}")
            i = end + 2
        elif ch in "'\"":
            start, i = i, i + 1
            chars: list[str] = []
            while True:
                if i >= n:
                    raise SpecError(f"unclosed string at offset {start}")
                if cypher[i] == "\\":
                    chars.append(cypher[i : i + 2])
                    i += 2
                elif cypher[i] == ch:
                    i += 1
                    break
                else:
                    chars.append(cypher[i])
                    i += 1
            tokens.append(Token("string", "".join(chars), start))
        elif ch == "`":
            start, text = i, ""
            i, text = _backtick(cypher, i)
            tokens.append(Token("name", text, start))
        elif ch == "$":
            start = i
            if i + 1 < n and cypher[i + 1] == "`":
                i, text = _backtick(cypher, i + 1)
            else:
                j = i + 1
                while j < n and _is_word_char(cypher[j]):
                    j += 1
                text, i = cypher[i + 1 : j], j
            if text:
                tokens.append(Token("param", text, start))
            else:
                tokens.append(Token("punct", "$", start))
                i = start + 1
        elif ch.isascii() and ch.isdigit():
            start = i
            while i < n and (
                _is_word_char(cypher[i]) or (cypher[i] == "." and i + 1 < n and cypher[i + 1].isdigit())
            ):
                i += 1
            tokens.append(Token("number", cypher[start:i], start))
        elif _is_word_char(ch):
            start = i
            while i < n and _is_word_char(cypher[i]):
                i += 1
            tokens.append(Token("word", cypher[start:i], start))
        else:
            tokens.append(Token("punct", ch, i))
            i += 1
    return tokens


def _backtick(cypher: str, start: int) -> tuple[int, str]:
    """Read a backtick-quoted name at `start`; return the offset after it and the unescaped name."""
    i, n = start + 1, len(cypher)
    chars: list[str] = []
    while True:
        if i >= n:
            raise SpecError(f"unclosed backtick name at offset {start}")
        if cypher[i] == "`":
            if i + 1 < n and cypher[i + 1] == "`":
                chars.append("`")
                i += 2
                continue
            return i + 1, "".join(chars)
        chars.append(cypher[i])
        i += 1


def _chain_before(tokens: list[Token], end: int) -> tuple[str, int] | None:
    """The dotted name ending at tokens[end] (`a.b.c`), and the index of its first token."""
    if tokens[end].kind not in {"word", "name"}:
        return None
    parts = [tokens[end].text]
    first = end
    while first >= 2 and tokens[first - 1].text == "." and tokens[first - 1].kind == "punct" \
            and tokens[first - 2].kind in {"word", "name"}:
        parts.append(tokens[first - 2].text)
        first -= 2
    return ".".join(reversed(parts)), first


def _chain_after(tokens: list[Token], start: int) -> str | None:
    """The dotted name starting at tokens[start] (`db.info` after CALL)."""
    if start >= len(tokens) or tokens[start].kind not in {"word", "name"}:
        return None
    parts = [tokens[start].text]
    i = start + 1
    while i + 1 < len(tokens) and tokens[i].kind == "punct" and tokens[i].text == "." \
            and tokens[i + 1].kind in {"word", "name"}:
        parts.append(tokens[i + 1].text)
        i += 2
    return ".".join(parts)


def _is_word(token: Token, *words: str) -> bool:
    return token.kind == "word" and token.text.lower() in words


def called_functions(tokens: list[Token]) -> list[str]:
    """Names of the functions a query calls, as written (`toLower`, `apoc.text.join`)."""
    found: list[str] = []
    for i, token in enumerate(tokens):
        if token.kind != "punct" or token.text != "(" or i == 0:
            continue
        chain = _chain_before(tokens, i - 1)
        if chain is None:
            continue
        name, first = chain
        single_word = first == i - 1 and tokens[first].kind == "word"
        if single_word and name.lower() in _NOT_CALLS:
            continue
        if first > 0 and _is_word(tokens[first - 1], "call"):
            continue  # a procedure: see called_procedures
        found.append(name)
    return found


def called_procedures(tokens: list[Token]) -> list[str]:
    """Names of the procedures a query calls (`CALL db.info()`, also without parentheses)."""
    found: list[str] = []
    for i, token in enumerate(tokens):
        if _is_word(token, "call") and (i == 0 or tokens[i - 1].text != "."):
            name = _chain_after(tokens, i + 1)
            if name is not None:
                found.append(name)
    return found


@dataclass(frozen=True)
class QueryPolicy:
    """What a saved query may call besides reading the graph (names lower-cased)."""

    procedures: frozenset[str] = frozenset()
    functions: frozenset[str] = BUILTIN_FUNCTIONS
    max_range: int = 10_000

    @classmethod
    def parse(
        cls, procedures: str = "", functions: str = "builtin", max_range: int = 10_000
    ) -> QueryPolicy:
        """From the settings' comma-separated lists; `builtin` in `functions` adds BUILTIN_FUNCTIONS."""
        procs = {p.strip().lower() for p in procedures.split(",") if p.strip()}
        funcs: set[str] = set()
        for item in (f.strip().lower() for f in functions.split(",")):
            if item == "builtin":
                funcs |= BUILTIN_FUNCTIONS
            elif item:
                funcs.add(item)
        return cls(procedures=frozenset(procs), functions=frozenset(funcs), max_range=max_range)


DEFAULT_POLICY = QueryPolicy()

_ADMIN_VERBS = frozenset(
    _words("show terminate grant revoke deny alter start stop enable drop rename suspend")
)


def check_cypher_text(cypher: str, *, source: str, policy: QueryPolicy | None = None) -> None:
    """The cheap first pass, on tokens (so strings, comments and backtick names cannot fool it).

    Refuses what the plan does not show (`USE`, functions off the allow-list, several statements)
    and, early and with a clear reason, what the plan check would refuse anyway.
    """
    policy = policy or DEFAULT_POLICY
    try:
        tokens = tokenize(cypher)
    except SpecError as exc:
        raise SpecError(f"{source}: {exc}") from None
    if not tokens:
        raise SpecError(f"{source}: no Cypher")
    semicolons = [i for i, t in enumerate(tokens) if t.kind == "punct" and t.text == ";"]
    if semicolons and semicolons != [len(tokens) - 1]:
        raise SpecError(f"{source}: one statement only (found ';')")
    if _is_word(tokens[0], "explain", "profile"):
        raise SpecError(f"{source}: do not prefix the query with EXPLAIN or PROFILE")
    if _is_word(tokens[0], *_ADMIN_VERBS):
        raise SpecError(f"{source}: '{tokens[0].text.upper()}' is not allowed in a saved query")
    for i, token in enumerate(tokens):
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if _is_word(token, "load") and after is not None and _is_word(after, "csv"):
            raise SpecError(f"{source}: 'LOAD CSV' is not allowed in a saved query")
        if _is_word(token, "in") and after is not None and _is_word(after, "transactions"):
            raise SpecError(f"{source}: 'IN TRANSACTIONS' is not allowed in a saved query")
        if _is_word(token, "use"):
            is_property = before is not None and before.kind == "punct" and before.text in {".", ":"}
            is_key = after is not None and after.kind == "punct" and after.text == ":"
            if not (is_property or is_key):
                raise SpecError(
                    f"{source}: 'USE' is not allowed in a saved query (it runs on the configured "
                    "database only; quote a variable named use as `use`)"
                )
    for name in called_procedures(tokens):
        if name.lower() not in policy.procedures:
            raise SpecError(
                f"{source}: 'CALL {name}' is not allowed in a saved query (procedures must be listed "
                "in INTELGRAPH_SAVED_QUERY_PROCEDURES; none are by default)"
            )
    for name in called_functions(tokens):
        if name.lower() not in policy.functions:
            raise SpecError(
                f"{source}: function {name}() is not allowed in a saved query (allowed: Neo4j's "
                "built-in functions but reduce(), and INTELGRAPH_SAVED_QUERY_FUNCTIONS)"
            )
    check_growth(tokens, source=source, policy=policy)


def _integer_literal(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """An integer literal at tokens[i] (with an optional minus sign): (value, index after it)."""
    sign = 1
    if i < len(tokens) and tokens[i].kind == "punct" and tokens[i].text in "+-":
        sign, i = (-1 if tokens[i].text == "-" else 1), i + 1
    if i >= len(tokens) or tokens[i].kind != "number":
        return None
    text = tokens[i].text.replace("_", "").lower()
    try:
        value = int(text, 16) if text.startswith("0x") else int(text, 8) if text.startswith("0o") \
            else int(text)
    except ValueError:
        return None
    return sign * value, i + 1


def range_sizes(tokens: list[Token]) -> list[int | None]:
    """The element count of every `range()` call, or None where a bound is not an integer literal."""
    sizes: list[int | None] = []
    for i, token in enumerate(tokens[:-1]):
        if token.kind not in {"word", "name"} or token.text.lower() != "range":
            continue
        if tokens[i + 1].kind != "punct" or tokens[i + 1].text != "(":
            continue
        if i > 0 and tokens[i - 1].kind == "punct" and tokens[i - 1].text in {".", ":", "$"}:
            continue  # a property, label or parameter named range
        args: list[int] = []
        j = i + 2
        while True:
            literal = _integer_literal(tokens, j)
            if literal is None:
                break
            args.append(literal[0])
            j = literal[1]
            if j < len(tokens) and tokens[j].kind == "punct" and tokens[j].text == ",":
                j += 1
                continue
            break
        closed = j < len(tokens) and tokens[j].kind == "punct" and tokens[j].text == ")"
        if not closed or len(args) not in {2, 3} or (len(args) == 3 and args[2] == 0):
            sizes.append(None)
            continue
        start, end, step = args[0], args[1], args[2] if len(args) == 3 else 1
        sizes.append(max(0, (end - start) // step + 1))
    return sizes


def check_growth(tokens: list[Token], *, source: str, policy: QueryPolicy | None = None) -> None:
    """Refuse `range()` calls that can build more values than the policy allows.

    Neo4j Community bounds what operators buffer (sort, collect, aggregation), not what one expression
    builds: `[x IN range(1, 10^8) | x]` fills the heap however the transaction memory limits are set,
    and slows every other reader while the server collects garbage. So a saved query may call
    `range()` only with integer literals, and all its ranges together (they may nest or multiply
    through UNWIND) may count at most `max_range` elements (INTELGRAPH_SAVED_QUERY_MAX_RANGE).
    """
    policy = policy or DEFAULT_POLICY
    total = 1
    for size in range_sizes(tokens):
        if size is None:
            raise SpecError(
                f"{source}: range() in a saved query takes integer literals only (start, end[, step]), "
                "so its size is known before it runs"
            )
        total *= max(size, 1)
        if total > policy.max_range:
            raise SpecError(
                f"{source}: range() would build more than {policy.max_range:,} values (the ranges of a "
                "query multiply when they nest; INTELGRAPH_SAVED_QUERY_MAX_RANGE)"
            )


def plan_operators(plan: dict[str, Any]) -> list[tuple[str, str]]:
    """Every operator of an EXPLAIN plan (`summary.plan`), depth first: (name, details).

    The name loses its `@neo4j` runtime suffix; details are the plan's `Details` argument ('' when
    absent).
    """
    found: list[tuple[str, str]] = []
    stack = [plan]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            raise SpecError("the server returned a plan this check cannot read")
        name = str(node.get("operatorType") or "").split("@", 1)[0]
        args = node.get("args") or node.get("arguments") or {}
        details = args.get("Details") if isinstance(args, dict) else None
        found.append((name, str(details or "")))
        children = node.get("children") or []
        stack.extend(reversed(list(children)))
    return found


def check_plan(plan: dict[str, Any] | None, *, source: str, policy: QueryPolicy | None = None) -> None:
    """Refuse a plan with any operator off READ_OPERATORS (LoadCSV, writes, admin, transactions) or
    a ProcedureCall of a procedure not in the policy's allow-list."""
    policy = policy or DEFAULT_POLICY
    if not plan:
        raise SpecError(f"{source}: the server returned no plan to check")
    for name, details in plan_operators(plan):
        base = name.split("(", 1)[0]
        if base == "ProcedureCall":
            procedure = details.split("(", 1)[0].strip().strip("`")
            if procedure and procedure.lower() in policy.procedures:
                continue
            raise SpecError(
                f"{source}: the plan calls procedure {procedure or '?'} (ProcedureCall); procedures "
                "must be listed in INTELGRAPH_SAVED_QUERY_PROCEDURES, none are by default"
            )
        if base == "LoadCSV":
            raise SpecError(f"{source}: the plan loads a file or URL (LoadCSV): not allowed in a saved query")
        if base not in READ_OPERATORS:
            raise SpecError(
                f"{source}: the plan uses operator {name}, which is not a read operator allowed in a "
                "saved query"
            )

def load_shipped(directory: Path) -> dict[str, SavedQuerySpec]:
    specs: dict[str, SavedQuerySpec] = {}
    for path in sorted(directory.glob("*.cypher")):
        spec = parse_header(path.read_text(encoding="utf-8"), source=str(path))
        if spec.name != path.stem:
            raise SpecError(f"{path}: header name {spec.name!r} differs from the file name")
        specs[spec.name] = spec
    return specs


# ---- parameters ----------------------------------------------------------------------------------


def params_json_schema(params: dict[str, ParamSpec]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    required: list[str] = []
    for name, spec in params.items():
        prop: dict[str, Any]
        if spec.type == "date":
            prop = {"type": "string", "pattern": DATE_RE, "format": "partial-date"}
        elif spec.type == "string_list":
            prop = {
                "type": "array",
                "items": {"type": "string", "maxLength": _DEFAULT_MAX_STRING},
                "maxItems": _MAX_LIST,
            }
        elif spec.type == "string":
            prop = {"type": "string", "maxLength": spec.max_length or _DEFAULT_MAX_STRING}
        else:
            prop = {"type": spec.type}
        if spec.minimum is not None:
            prop["minimum"] = _number(spec.minimum)
        if spec.maximum is not None:
            prop["maximum"] = _number(spec.maximum)
        if spec.enum is not None:
            prop["enum"] = spec.enum
        if spec.description:
            prop["description"] = spec.description
        if spec.default is not None:
            prop["default"] = spec.default
        if spec.refers_to is not None:
            prop["x-refers-to"] = spec.refers_to
        if spec.required:
            required.append(name)
        props[name] = prop
    schema: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": props}
    if required:
        schema["required"] = required
    return schema


def _to_bool(text: str) -> bool:
    low = text.strip().lower()
    if low in {"true", "1", "yes", "y"}:
        return True
    if low in {"false", "0", "no", "n"}:
        return False
    raise ValueError(text)


def coerce_value(name: str, spec: ParamSpec, value: Any, *, from_text: bool) -> Any:
    """Check one value against its spec; with `from_text` (CLI, CSV forms) parse it from a string."""
    kind = spec.type
    try:
        if kind == "integer":
            if from_text and isinstance(value, str):
                value = int(value.strip())
            if isinstance(value, bool) or not isinstance(value, int):
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                else:
                    raise ParamError(name, "must be an integer")
        elif kind == "number":
            if from_text and isinstance(value, str):
                value = float(value.strip())
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ParamError(name, "must be a number")
            if value != value or value in (float("inf"), float("-inf")):
                raise ParamError(name, "must be a finite number")
        elif kind == "boolean":
            if from_text and isinstance(value, str):
                value = _to_bool(value)
            if not isinstance(value, bool):
                raise ParamError(name, "must be true or false")
        elif kind == "string_list":
            if from_text and isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ParamError(name, "must be a list of strings")
            if len(value) > _MAX_LIST:
                raise ParamError(name, f"at most {_MAX_LIST} items")
            if any(len(v) > _DEFAULT_MAX_STRING for v in value):
                raise ParamError(name, f"items must be at most {_DEFAULT_MAX_STRING} characters")
        else:  # string, date
            if not isinstance(value, str):
                raise ParamError(name, "must be a string")
            if kind == "date" and not re.match(DATE_RE, value):
                raise ParamError(name, "must be a date YYYY, YYYY-MM or YYYY-MM-DD")
            limit = spec.max_length or _DEFAULT_MAX_STRING
            if len(value) > limit:
                raise ParamError(name, f"must be at most {limit} characters")
    except ValueError as exc:
        if isinstance(exc, ParamError):
            raise
        raise ParamError(name, f"cannot read {value!r} as {kind}") from exc
    if kind in {"integer", "number"}:
        if spec.minimum is not None and value < spec.minimum:
            raise ParamError(name, f"must be >= {_num(spec.minimum)}")
        if spec.maximum is not None and value > spec.maximum:
            raise ParamError(name, f"must be <= {_num(spec.maximum)}")
    if spec.enum is not None and value not in spec.enum:
        raise ParamError(name, f"must be one of {spec.enum}")
    return value


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def validate_params(
    spec: SavedQuerySpec, given: dict[str, Any], *, from_text: bool = False
) -> dict[str, Any]:
    """Return the full parameter map (defaults filled in) or raise ParamError naming the field."""
    unknown = sorted(set(given) - set(spec.parameters))
    if unknown:
        raise ParamError(unknown[0], f"unknown parameter (expected one of {sorted(spec.parameters)})")
    out: dict[str, Any] = {}
    for name, pspec in spec.parameters.items():
        if name in given and given[name] is not None:
            out[name] = coerce_value(name, pspec, given[name], from_text=from_text)
        elif pspec.required:
            raise ParamError(name, "is required")
        else:
            out[name] = pspec.default
    return out
