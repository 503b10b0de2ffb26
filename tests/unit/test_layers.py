"""The layers hold: text -> importers -> Neo4j <- app, with app/graph below the routers and the CLI.

Walks every import statement (at module top and inside functions) with `ast`, so a lazy import
inside a function cannot sneak a dependency back up.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, root: Path = ROOT) -> set[str]:
    """Every module `path` imports (relative imports resolved; `from a import b` gives a and a.b)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _violations(files: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for path in files:
        for module in sorted(imports_of(path)):
            if any(module == f or module.startswith(f + ".") for f in forbidden):
                bad.append(f"{path.relative_to(ROOT)} imports {module}")
    return bad


def test_the_walker_sees_lazy_and_relative_imports(tmp_path: Path) -> None:
    sample = tmp_path / "app" / "graph" / "probe.py"
    sample.parent.mkdir(parents=True)
    sample.write_text("def f():\n    from ..routers import x\n    import fastapi\n", encoding="utf-8")
    assert {"app.routers", "app.routers.x", "fastapi"} <= imports_of(sample, tmp_path)


def test_importers_never_import_app() -> None:
    assert _violations(_files("importers"), ("app",)) == []


@pytest.mark.parametrize("forbidden", ["app.routers", "app.cli", "app.main", "fastapi", "starlette"])
def test_graph_layer_imports_neither_routers_nor_cli_nor_http(forbidden: str) -> None:
    assert _violations(_files("app/graph"), (forbidden,)) == []


def test_cli_never_imports_a_router() -> None:
    assert _violations(_files("app/cli"), ("app.routers", "app.main")) == []


def test_auth_and_deps_do_not_import_routers() -> None:
    files = [ROOT / "app" / "auth.py", ROOT / "app" / "deps.py", ROOT / "app" / "formats.py"]
    assert _violations(files, ("app.routers", "app.cli")) == []


def test_one_deps_module() -> None:
    assert not (ROOT / "app" / "routers" / "_deps.py").exists()
    assert _violations(_files("app"), ("app.routers._deps",)) == []
