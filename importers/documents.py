"""Documents in the graph: list, show and find them (for `intelgraph documents`).

Retraction (`intelgraph documents delete`) lives in importers/retraction.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import Driver, RoutingControl

from importers.cypher_files import read_cypher

_DIR = "load"
_PREFIX = "doc:"


class AmbiguousDocumentIdError(LookupError):
    """A shortened id matches more than one document."""


@dataclass(frozen=True)
class DocumentDetail:
    document: dict[str, Any]
    characters: int
    sentences: int
    facts: list[dict[str, Any]]  # fact_id, kind, type, evidence, first_sentence, subject, object


def _read(driver: Driver, database: str, name: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(
        read_cypher(_DIR, name), params, routing_=RoutingControl.READ, database_=database
    )
    return [r.data() for r in records]


def count_documents(driver: Driver, database: str) -> int:
    return int(_read(driver, database, "documents_count")[0]["documents"])


def list_documents(driver: Driver, database: str, *, limit: int = 100, skip: int = 0) -> list[dict[str, Any]]:
    """Loaded documents, most recently loaded first."""
    return _read(driver, database, "documents_list", limit=limit, skip=skip)


def resolve_document_id(driver: Driver, database: str, given: str) -> str | None:
    """The full id of the document `given` names (a full id, or a unique prefix, with or without
    'doc:'); None when nothing matches. Raises AmbiguousDocumentIdError for a prefix of several."""
    prefix = given if given.startswith(_PREFIX) else _PREFIX + given
    found = [r["id"] for r in _read(driver, database, "documents_find", prefix=prefix)]
    if len(found) > 1 and prefix not in found:
        raise AmbiguousDocumentIdError(f"{given!r} matches several documents; give more of the id")
    if prefix in found:
        return prefix
    return found[0] if found else None


def show_document(driver: Driver, database: str, doc_id: str) -> DocumentDetail | None:
    rows = _read(driver, database, "documents_show", doc_id=doc_id)
    if not rows:
        return None
    facts = _read(driver, database, "documents_facts", doc_id=doc_id)
    row = rows[0]
    return DocumentDetail(
        document=row["document"],
        characters=int(row["characters"] or 0),
        sentences=int(row["sentences"]),
        facts=facts,
    )
