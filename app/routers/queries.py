"""Saved queries: list, read, run (JSON or CSV), save and delete user queries."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response, status

from app.auth import ReadAccess, WriteAccess, audit
from app.deps import ConfigDep, DatabaseDep, DriverDep, offload
from app.formats import csv_text
from app.graph import saved_queries
from app.schemas import RunRequest, RunResponse, SavedQueryDetail, SavedQueryIn, SavedQueryList

router = APIRouter(prefix="/api/queries", tags=["saved queries"])

QueryName = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]{2,63}$", examples=["officials_on_date"])]


@router.get("", summary="Shipped and user queries, with a JSON Schema of their parameters")
async def list_queries(driver: DriverDep, database: DatabaseDep, _caller: ReadAccess) -> SavedQueryList:
    return SavedQueryList(items=await offload(saved_queries.list_queries, driver, database))


@router.get("/{name}", summary="One saved query with its Cypher")
async def get_query(
    name: QueryName,
    driver: DriverDep,
    database: DatabaseDep,
    _caller: ReadAccess,
    version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
) -> SavedQueryDetail:
    return saved_queries.detail(await offload(saved_queries.get_query, driver, database, name, version))


def _csv(result: RunResponse) -> Response:
    return Response(
        csv_text(result.columns, result.rows),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{result.name}.csv"',
            "X-Truncated": "true" if result.truncated else "false",
        },
    )


@router.post(
    "/{name}/run",
    summary="Run a saved query (read-only, timeout, row cap); JSON or CSV",
    responses={200: {"content": {"text/csv": {}}}},
)
async def run_query(
    name: QueryName,
    request: Request,
    driver: DriverDep,
    database: DatabaseDep,
    settings: ConfigDep,
    _caller: ReadAccess,
    body: RunRequest | None = None,
    format: Annotated[Literal["json", "csv"] | None, Query(description="or send Accept: text/csv")] = None,
    version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
) -> Any:
    params = (body or RunRequest()).params

    def work() -> RunResponse:
        spec = saved_queries.get_query(driver, database, name, version)
        return saved_queries.run_query(
            driver,
            database,
            spec,
            params,
            max_rows=settings.max_rows,
            timeout=settings.query_timeout_s,
            policy=saved_queries.policy_from(settings),
        )

    result = await offload(work)
    wants_csv = format == "csv" or (format is None and "text/csv" in request.headers.get("accept", ""))
    return _csv(result) if wants_csv else result


@router.post("", status_code=status.HTTP_201_CREATED, summary="Save a user query (checked read-only)")
async def save_query(
    body: SavedQueryIn, driver: DriverDep, database: DatabaseDep, settings: ConfigDep, caller: WriteAccess
) -> SavedQueryDetail:
    try:
        spec = await offload(
            saved_queries.save_query,
            driver,
            database,
            body,
            created_by=caller.name,
            timeout=settings.query_timeout_s,
            policy=saved_queries.policy_from(settings),
        )
    except Exception as exc:
        audit(caller, "save_query", body.name, f"refused: {type(exc).__name__}")
        raise
    audit(caller, "save_query", body.name, f"version {spec.version}")
    return saved_queries.detail(spec)


@router.delete(
    "/{name}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a user query (all versions)"
)
async def delete_query(
    name: QueryName, driver: DriverDep, database: DatabaseDep, caller: WriteAccess
) -> Response:
    try:
        deleted = await offload(saved_queries.delete_query, driver, database, name)
    except Exception as exc:
        audit(caller, "delete_query", name, f"refused: {type(exc).__name__}")
        raise
    audit(caller, "delete_query", name, f"deleted {deleted} version(s)")
    return Response(status_code=status.HTTP_204_NO_CONTENT)
