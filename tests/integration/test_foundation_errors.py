"""Failures a user can cause get a clear message and no traceback: no Java, no Maven, a port in
use, a server that does not come up (with the last lines of its log)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.neo4j_server import (
    JavaMissing,
    LocalNeo4j,
    MavenMissing,
    PortTaken,
    ServerConfig,
    ServerDidNotStart,
    ensure_jars,
    find_java,
    free_port,
    jars_present,
    java_major,
    port_in_use,
)
from app.settings import Settings

INTELGRAPH = str(Path(sys.executable).with_name("intelgraph"))


@pytest.fixture
def listening_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def scratch_config(tmp_path: Path, **changes: object) -> ServerConfig:
    base = ServerConfig.from_settings(Settings()).with_changes(
        home=tmp_path / "home", bolt_port=free_port(), http_port=free_port(),
        heap_size="256m", pagecache_size="64m")
    return base.with_changes(**changes)


def test_java_version_parsing() -> None:
    assert java_major('openjdk version "17.0.15" 2025-04-15') == 17
    assert java_major('java version "1.8.0_292"') == 8
    assert java_major('openjdk version "21" 2023-09-19') == 21
    assert java_major("no version here") is None


def test_no_java_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no java, no mvn
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(JavaMissing, match=r"Java 17\+ is needed .* no `java` was found"):
        find_java()


def test_old_java_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_home = tmp_path / "jdk8"
    (fake_home / "bin").mkdir(parents=True)
    java = fake_home / "bin" / "java"
    java.write_text('#!/bin/sh\necho \'java version "1.8.0_292"\' >&2\n')
    java.chmod(0o755)
    monkeypatch.setenv("JAVA_HOME", str(fake_home))
    with pytest.raises(JavaMissing, match=r"Java 17\+ is needed .* java version \"1.8.0_292\""):
        find_java()


def test_no_maven_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = scratch_config(tmp_path, jars_dir=tmp_path / "empty-cache" / "lib")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MavenMissing, match=r"Maven \(`mvn`\) is needed once .* NEO4J_URI"):
        ensure_jars(config)
    assert not config.jars_dir.exists()


def test_port_taken_is_explained(tmp_path: Path, listening_port: int) -> None:
    assert port_in_use(listening_port)
    server = LocalNeo4j(scratch_config(tmp_path, bolt_port=listening_port))
    with pytest.raises(PortTaken, match=rf"port {listening_port} \(Neo4j Bolt\) .* INTELGRAPH_BOLT_PORT"):
        server.start()
    assert not server.config.pid_file.exists()


def test_cli_port_taken_prints_a_message_not_a_traceback(tmp_path: Path, listening_port: int) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "INTELGRAPH_"))}
    env.update(INTELGRAPH_NEO4J_HOME=str(tmp_path / "home"), INTELGRAPH_BOLT_PORT=str(listening_port),
               INTELGRAPH_HTTP_PORT=str(free_port()))
    run = subprocess.run([INTELGRAPH, "db", "start"], env=env, capture_output=True, text=True,
                         timeout=120, check=False)
    assert run.returncode == 1
    assert run.stderr.startswith(f"error: port {listening_port} (Neo4j Bolt) on 127.0.0.1 is already in use")
    assert "Traceback" not in run.stderr + run.stdout


def test_server_not_coming_up_shows_log_and_leaves_nothing_running(tmp_path: Path) -> None:
    config = scratch_config(tmp_path, start_timeout_s=0.5)
    if not jars_present(config):
        pytest.skip("needs the shared jar cache")
    server = LocalNeo4j(config)
    with pytest.raises(ServerDidNotStart) as caught:
        server.start()
    message = str(caught.value)
    assert message.startswith("Neo4j did not start: Bolt did not answer within 0 s")
    assert f"Last lines of {config.console_log}:" in message
    assert not config.pid_file.exists()
    assert server.status().running is False
    assert not port_in_use(config.bolt_port)
