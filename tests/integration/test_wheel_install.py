"""The wheel, installed (not editable) into a fresh venv, runs `db init` and `import seeds/`.

cypher/ ships inside the wheel as importers/cypher (pyproject.toml); this proves a plain install
finds it. The build works offline (uv's cache holds the build backend); the fresh venv gets the
project venv's site-packages (the dependencies) through a .pth file, and the wheel itself with
`--no-deps`, so nothing is downloaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
from pathlib import Path

import neo4j
import pytest

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
SEEDS = ROOT / "seeds"


def _run(
    args: list[str | Path], cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False
    )


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    built = _run(
        [VENV_BIN / "uv", "build", "--wheel", "--offline", "--out-dir", work / "dist", ROOT], cwd=ROOT
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "dist").glob("intelgraph-*.whl")
    venv = work / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", venv])
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    # The project venv's dependencies, after the new venv's own site-packages (so the wheel wins).
    (Path(purelib) / "_project_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = _run(
        [VENV_BIN / "uv", "pip", "install", "--offline", "--no-deps", "--python", python, wheel]
    )
    assert installed.returncode == 0, installed.stderr
    return venv


def test_wheel_ships_cypher_and_runs_db_init_and_import(
    wheel_venv: Path, clean_neo4j: neo4j.Driver, neo4j_env: dict[str, str], tmp_path: Path
) -> None:
    python = wheel_venv / "bin" / "python"
    where = _run(
        [python, "-c", "import app, importers.cypher_files as c; print(app.__file__); print(c.CYPHER_ROOT)"],
        cwd=tmp_path,
    )
    assert where.returncode == 0, where.stderr
    app_file, cypher_root = where.stdout.split()
    assert Path(app_file).is_relative_to(wheel_venv), "the wheel's app, not the checkout's"
    assert Path(cypher_root).is_relative_to(wheel_venv) and Path(cypher_root).name == "cypher"
    assert (Path(cypher_root) / "schema" / "010_node_constraints.cypher").is_file()

    env = {k: v for k, v in neo4j_env.items() if not k.startswith("INTELGRAPH_CYPHER")}
    intelgraph = wheel_venv / "bin" / "intelgraph"
    init = _run([intelgraph, "db", "init"], cwd=tmp_path, env=env)
    assert init.returncode == 0, init.stderr + init.stdout

    imported = _run([intelgraph, "import", SEEDS, "--json"], cwd=tmp_path, env=env)
    assert imported.returncode == 0, imported.stderr
    summary = json.loads(imported.stdout)
    seeds = len(list(SEEDS.glob("*.md")))
    assert (summary["documents_loaded"], summary["documents_failed"]) == (seeds, 0)
    assert summary["facts"] > 0

    listed = _run([intelgraph, "documents", "list", "--json"], cwd=tmp_path, env=env)
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)["items"]) == seeds
