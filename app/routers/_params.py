"""Query-parameter helpers shared by the routers: list parameters and partial dates."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from app.errors import InvalidParameter

# Stricter than the contract's DATE_RE: a query parameter is typed by a person, so month 13 or
# day 32 is a typo to report (422), not a string to compare.
API_DATE_RE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"

DateFrom = Annotated[
    str | None,
    Query(alias="from", pattern=API_DATE_RE, description="YYYY, YYYY-MM or YYYY-MM-DD", examples=["2022-08"]),
]
DateTo = Annotated[
    str | None,
    Query(
        alias="to", pattern=API_DATE_RE, description="YYYY, YYYY-MM or YYYY-MM-DD", examples=["2022-12-31"]
    ),
]


def split_list(
    values: list[str] | None, allowed: tuple[str, ...] | None, field: str, max_items: int = 50
) -> list[str] | None:
    """Accept `x=A&x=B` and `x=A,B`; check every item against `allowed` (422 naming the field)."""
    if not values:
        return None
    # Repeats are dropped before counting: `types=SAID,SAID,...` names one type, not too many.
    items = list(dict.fromkeys(v.strip() for value in values for v in value.split(",") if v.strip()))
    if len(items) > max_items:
        raise InvalidParameter(field, f"at most {max_items} items")
    if allowed is not None:
        for item in items:
            if item not in allowed:
                raise InvalidParameter(field, f"{item!r} is not one of {', '.join(allowed)}")
    return items or None
