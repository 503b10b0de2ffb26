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

# Clauses refused in any saved query even though EXPLAIN would call them read-only: they reach
# outside the graph (files, URLs, other databases) or manage the server.
_FORBIDDEN = re.compile(
    r"\bLOAD\s+CSV\b|(^|\{)\s*USE\s|\bCALL\s+dbms\.|\bCALL\s+apoc\.|\bIN\s+TRANSACTIONS\b"
    r"|^\s*(SHOW|TERMINATE|GRANT|REVOKE|DENY|ALTER|START|STOP|ENABLE)\s",
    re.IGNORECASE,
)
_STRINGS_AND_COMMENTS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*|/\*.*?\*/", re.DOTALL)


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


def build_spec(meta: dict[str, Any], cypher: str, *, source: str, origin: str = "shipped") -> SavedQuerySpec:
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
    check_cypher_text(cypher, source=source)
    used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", _strip_strings(cypher)))
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


def _strip_strings(cypher: str) -> str:
    return _STRINGS_AND_COMMENTS.sub(" ", cypher)


def check_cypher_text(cypher: str, *, source: str) -> None:
    """Refuse what EXPLAIN's query type cannot see: several statements, files, other databases, admin."""
    bare = _strip_strings(cypher)
    if ";" in bare.strip().rstrip(";"):
        raise SpecError(f"{source}: one statement only (found ';')")
    match = _FORBIDDEN.search(bare)
    if match:
        raise SpecError(f"{source}: '{match.group(0).strip()}' is not allowed in a saved query")
    if re.match(r"^\s*(EXPLAIN|PROFILE)\b", bare, re.IGNORECASE):
        raise SpecError(f"{source}: do not prefix the query with EXPLAIN or PROFILE")


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
