"""Full-text search and name resolution over entities and statements."""

from __future__ import annotations

from neo4j import Driver, Record

from app.graph.common import excerpt, label_of, lucene_query, node_type, read
from app.graph.db import FULLTEXT_ANALYZER, FULLTEXT_INDEX
from app.graph.errors import NotFound
from app.schemas import Ref, SearchHit, SearchResponse

_STOPWORDS: dict[str, frozenset[str]] = {}


def stopwords(driver: Driver, database: str) -> frozenset[str]:
    """The full-text analyzer's stop words, asked of the server once per process (they are the
    analyzer's, fixed by the Neo4j version, not the data's)."""
    found = _STOPWORDS.get(FULLTEXT_ANALYZER)
    if found is None:
        rows = read(driver, database, "fulltext_stopwords", {"analyzer": FULLTEXT_ANALYZER})
        found = frozenset(str(w).lower() for r in rows for w in (r["stopwords"] or []))
        _STOPWORDS[FULLTEXT_ANALYZER] = found
    return found


def search(driver: Driver, database: str, q: str, types: list[str] | None, limit: int) -> SearchResponse:
    lucene = lucene_query(q, stopwords(driver, database))
    hits: list[SearchHit] = []
    if lucene:
        rows = read(
            driver,
            database,
            "search",
            {
                "index": FULLTEXT_INDEX,
                "lucene": lucene,
                "types": types or None,
                "fetch": max(limit * 3, 30),
                "limit": limit,
            },
        )
        for row in rows:
            kind = node_type(row["labels"])
            props = {"name": row["name"], "title": row["title"], "text": row["text"], "id": row["id"]}
            hits.append(
                SearchHit(
                    id=row["id"],
                    type=kind,
                    label=label_of(kind, props),
                    aliases=list(row["aliases"] or []),
                    score=round(float(row["score"]), 4),
                    snippet=excerpt(row["text"], 200) if kind == "Statement" else None,
                )
            )
    # Entities first at equal score: a name is what a searcher most often means.
    hits.sort(key=lambda h: (-h.score, h.type == "Statement", h.id))
    return SearchResponse(query=q, results=hits[:limit])


def lookup_ref(
    driver: Driver, database: str, query: str, ref: str, types: list[str] | None
) -> list[Record]:
    """Rows of `query` (cypher/api/resolve_entity, resolve_param) for an id or a name.

    An id ("person:x") is looked up as such; the full-text branch then gets a term no analyzer
    produces (also used when a name has no words at all)."""
    lucene = ("" if looks_like_id(ref) else lucene_query(ref, stopwords(driver, database))) or "zzznomatchzzz"
    params = {"ref": ref, "lucene": lucene, "index": FULLTEXT_INDEX, "types": types}
    return read(driver, database, query, params)


def looks_like_id(ref: str) -> bool:
    """"person:x" is an id; "Minister of Defense" or "Colombia" is a name."""
    return ":" in ref and " " not in ref.strip()


def resolve_ref(
    driver: Driver, database: str, ref: str, *, field: str, types: list[str] | None = None
) -> Ref:
    """The entity an id or a name refers to; NotFound naming the field when nothing matches."""
    rows = lookup_ref(driver, database, "resolve_entity", ref, types)
    if not rows:
        raise NotFound(f"{field}: no entity matches {ref!r}")
    row = rows[0]
    kind = node_type(row["labels"])
    return Ref(id=row["id"], type=kind, label=label_of(kind, dict(row)))


def resolve(driver: Driver, database: str, ref: str, *, field: str, types: list[str] | None = None) -> str:
    """An entity id from an id or a name (see `resolve_ref`)."""
    return resolve_ref(driver, database, ref, field=field, types=types).id


def resolve_country(driver: Driver, database: str, ref: str, *, field: str) -> dict[str, str | None]:
    rows = read(driver, database, "resolve_country", {"ref": ref.strip()})
    if not rows:
        raise NotFound(f"{field}: no country matches {ref!r} (use an ISO code, a name or country:XXX)")
    row = rows[0]
    return {"id": row["id"], "name": row["name"], "iso3": row["iso3"], "iso2": row["iso2"]}
