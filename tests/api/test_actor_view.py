"""The actor view (issue 12): events and statements collapsed into actor-to-actor links, through HTTP."""

from __future__ import annotations

import json

import httpx
import pytest

from importers.contract import Extraction

pytestmark = pytest.mark.anyio


async def test_dump(client: httpx.AsyncClient, seeded: Extraction) -> None:
    ents = {e.id: e for e in seeded.entities}
    print("EVENTS", [(e.type, e.date, [(p.entity, p.role) for p in e.participants]) for e in seeded.events])
    print("STMTS", [(s.speaker, s.about) for s in seeded.statements])
    r = await client.get("/api/entities/person:gustavo-petro/neighbourhood", params={"view": "actors"})
    print(r.status_code, json.dumps(r.json(), indent=1)[:6000])
    r = await client.get("/api/paths", params={"from": "person:vladimir-padrino-lopez", "to": "person:ivan-velasquez", "view": "actors"})
    print(r.status_code, json.dumps(r.json(), indent=1)[:4000])
    assert ents
