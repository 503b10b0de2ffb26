"""The local server's home is its owner's only (issue 14.5): folders 0700, files 0600.

Neo4j's store files and data/dbms/auth.ini (the password hash) used to be 0644 in 0755 folders.
The home's folders are now made 0700 and Neo4j (and neo4j-admin) run with umask 077, so nothing
the server writes, then or later, has a group or other permission bit.
"""

from __future__ import annotations

import stat
from pathlib import Path

import neo4j
import pytest

from app.neo4j_server import LocalNeo4j, ServerConfig, _make_private, _write_private


def _loose(home: Path) -> list[str]:
    """Every path under `home` (itself included) with a group or other permission bit."""
    found = []
    for path in [home, *home.rglob("*")]:
        mode = path.lstat().st_mode
        if not stat.S_ISLNK(mode) and mode & 0o077:
            found.append(f"{path.relative_to(home.parent)} {stat.filemode(mode)}")
    return found


def test_the_test_servers_files_have_no_group_or_other_bits(
    neo4j_server: object, neo4j_driver: neo4j.Driver, neo4j_database: str
) -> None:
    server = getattr(neo4j_server, "server", None)
    if server is None:
        pytest.skip("NEO4J_URI points at an external server: its files are not ours")
    assert isinstance(server, LocalNeo4j)
    # Something written after the start (a transaction log entry), not only what start() made.
    neo4j_driver.execute_query("CREATE (n:PermissionProbe) DELETE n", database_=neo4j_database)
    home = server.config.home
    files = [p for p in home.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert {"auth.ini", "neo4j.conf", "password", "neo4j.pid", "console.log"} <= names
    assert any(p.parent.name == "neo4j" and p.parent.parent.name == "databases" for p in files)
    assert len(files) > 20, sorted(names)
    assert _loose(home) == []
    assert stat.S_IMODE((home / "data" / "dbms" / "auth.ini").stat().st_mode) == 0o600


def test_an_older_home_is_made_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "data" / "dbms").mkdir(parents=True, mode=0o755)
    for folder in (home, home / "data", home / "data" / "dbms"):
        folder.chmod(0o755)
    auth = home / "data" / "dbms" / "auth.ini"
    auth.write_text("neo4j:SHA-256,...\n")
    auth.chmod(0o644)
    (home / "link").symlink_to("/etc/hostname")
    _make_private(home)
    # The home itself is made 0700 by the server's start (_prepare_home); its contents here.
    home.chmod(0o700)
    assert _loose(home) == []
    assert stat.S_IMODE(auth.stat().st_mode) == 0o600
    assert stat.S_IMODE(Path("/etc/hostname").stat().st_mode) & 0o044  # the link's target untouched


def test_prepared_home_and_private_files(tmp_path: Path) -> None:
    config = ServerConfig(home=tmp_path / "fresh" / "home", jars_dir=tmp_path / "jars")
    LocalNeo4j(config)._prepare_home()
    assert _loose(config.home) == []
    conf = config.conf_dir / "neo4j.conf"
    assert stat.S_IMODE(conf.stat().st_mode) == 0o600
    conf.chmod(0o644)
    _write_private(conf, b"x=1\n")
    assert stat.S_IMODE(conf.stat().st_mode) == 0o600 and conf.read_bytes() == b"x=1\n"
