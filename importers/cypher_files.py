"""Named Cypher files: `cypher/<directory>/<name>.cypher` -> query text.

All Cypher lives in files under the project's `cypher/` folder and reaches the driver through
`read_cypher`. It is the single place where file text becomes a `LiteralString`: the neo4j driver
types its query argument as `LiteralString` so that strings built from user input are rejected by
the type checker, and these files are part of the source tree, never user input. Values always
travel as `$parameters`.

`importers` cannot import `app` (data flows one way), so this reader lives here; the one runner
(importers/cypher_runner.py, made by `app.graph.db.runner`) runs the files by name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import LiteralString, cast

_CHECKOUT_CYPHER = Path(__file__).resolve().parent.parent / "cypher"
_PACKAGED_CYPHER = Path(__file__).resolve().parent / "cypher"  # where the wheel puts cypher/
CYPHER_ROOT = _CHECKOUT_CYPHER if (_CHECKOUT_CYPHER / "schema").is_dir() else _PACKAGED_CYPHER
"""The default cypher directory: the checkout's `cypher/` when running from one, else the copy the
wheel ships as `importers/cypher` (pyproject.toml). `INTELGRAPH_CYPHER_DIR` overrides it."""

# Names are plain identifiers so a name can never climb out of its directory ("../x").
_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


_STATEMENT_END = re.compile(r";[ \t]*$", re.MULTILINE)


class CypherFileError(LookupError):
    """A named Cypher file is missing, unreadable or empty; the message names the path."""


def cypher_path(directory: str | Path, name: str) -> Path:
    """Where `name` lives: `directory` is relative to `cypher/` ("load") or an absolute folder."""
    if not _NAME.match(name) or name.endswith(".cypher"):
        raise CypherFileError(f"invalid Cypher file name {name!r}: use the bare name, e.g. 'merge_persons'")
    folder = Path(directory)
    if not folder.is_absolute():
        folder = CYPHER_ROOT / folder
    return folder / f"{name}.cypher"


def read_cypher(directory: str | Path, name: str) -> LiteralString:
    """Return the text of `cypher/<directory>/<name>.cypher`, read once per process and cached."""
    return _read(cypher_path(directory, name).resolve())


def read_cypher_statements(directory: str | Path, name: str) -> list[LiteralString]:
    """The statements of a multi-statement file (schema), each ended by `;` at the end of a line.

    Comment-only lines are dropped first so a `;` inside a comment cannot split a statement.
    """
    text = _read(cypher_path(directory, name).resolve())
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    statements = [part.strip() for part in _STATEMENT_END.split(code)]
    # Substrings of a LiteralString from a repository file: same reasoning as in `_read`.
    return [cast(LiteralString, part) for part in statements if part]


@lru_cache(maxsize=512)
def _read(path: Path) -> LiteralString:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise CypherFileError(f"Cypher file not found: {path}") from None
    except OSError as exc:
        raise CypherFileError(f"cannot read Cypher file {path}: {exc.strerror}") from None
    if not text:
        raise CypherFileError(f"Cypher file is empty: {path}")
    # The one sanctioned cast: the text comes from a file in the repository (see module docstring).
    # mypy treats LiteralString as str (hence the ignore); pyright and readers see the intent.
    return cast(LiteralString, text)  # type: ignore[redundant-cast]
