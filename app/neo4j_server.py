"""A local Neo4j Community server managed by the project (`intelgraph db start|stop|status`).

No Docker and no download site other than Maven Central: the server's jars are collected once
with Maven (`app/neo4j_pom.xml`) into a cache shared by every home on the machine (the dev server,
each throwaway test server), then a JVM is started in the background on a home folder that holds
conf/, data/, logs/, run/ and the generated password.

Layout of a home (default `.neo4j/`, `INTELGRAPH_NEO4J_HOME`):
    conf/neo4j.conf      rewritten on every start from settings (ports, memory, directories)
    data/                databases; data/dbms/auth.ini holds the hashed initial password
    password             the generated password for user `neo4j`, mode 0600
    logs/console.log     the JVM's stdout/stderr of the last start (neo4j.log, debug.log beside it)
    run/neo4j.pid        pid of the running JVM

Python API (what the CLI and the test fixtures use):
    server = LocalNeo4j(ServerConfig.from_settings(get_settings()))
    info = server.start()          # collects jars if needed, waits for Bolt, returns uri/pid
    server.status(); server.stop()

Every failure a user can cause or fix (no Java, no Maven, a port in use, a server that does not
come up) raises `LocalServerError` with a message that says what to do; callers print it as is.
"""

# Error names say what happened (JavaMissing, PortTaken); an Error suffix adds nothing: N818 off.
# ruff: noqa: N818

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import re
import secrets
import shutil
import signal
import socket
import stat
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import neo4j
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

from app.settings import Settings
from importers.cypher_files import read_cypher

POM_TEMPLATE = Path(__file__).with_name("neo4j_pom.xml")
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
USERNAME = "neo4j"
MIN_JAVA = 17

# The JVM flags of the official distribution's default neo4j.conf (5.26, `server.jvm.additional`),
# checked against `Neo4jCommand console --dry-run` by tests/integration/test_foundation_server.py.
# Left out on purpose: -XX:+AlwaysPreTouch (touches the whole heap at start: slower starts and
# memory committed up front, wrong for a laptop and for several test servers on one machine).
JVM_FLAGS: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
)

Say = Callable[[str], None]


def _quiet(_: str) -> None:
    return None



_PASSWORD_ALPHABET = string.ascii_letters + string.digits


def new_password(length: int = 32) -> str:
    """A random password for the local server.

    Letters and digits only: `token_urlsafe` can start with "-", which the admin tool's
    `set-initial-password` then reads as an option and fails (seen once in about a hundred starts).
    """
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))

class LocalServerError(RuntimeError):
    """Something the user can fix stopped the local server; the message says what and how."""


class JavaMissing(LocalServerError):
    pass


class MavenMissing(LocalServerError):
    pass


class MavenFailed(LocalServerError):
    pass


class PortTaken(LocalServerError):
    pass


class ServerDidNotStart(LocalServerError):
    pass


def default_jars_dir(version: str) -> Path:
    """`$XDG_CACHE_HOME/intelgraph/neo4j-<version>/lib`: outside any clone, so clones share it."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "intelgraph" / f"neo4j-{version}" / "lib"


@dataclass(frozen=True)
class ServerConfig:
    """Everything that defines one local server. Test fixtures build their own with free ports."""

    home: Path
    jars_dir: Path
    version: str = "5.26.31"
    bolt_port: int = 7687
    http_port: int = 7474
    heap_size: str = "1g"
    pagecache_size: str = "512m"
    start_timeout_s: float = 120.0
    transaction_memory_max: str = "256m"
    transaction_memory_total_max: str = "640m"

    @classmethod
    def from_settings(cls, settings: Settings) -> ServerConfig:
        return cls(
            home=settings.neo4j_home.resolve(),
            jars_dir=(settings.neo4j_jars_dir or default_jars_dir(settings.neo4j_version)).resolve(),
            version=settings.neo4j_version,
            bolt_port=settings.bolt_port,
            http_port=settings.http_port,
            heap_size=settings.heap_size,
            pagecache_size=settings.pagecache_size,
            start_timeout_s=settings.start_timeout_s,
            transaction_memory_max=settings.transaction_memory_max,
            transaction_memory_total_max=settings.transaction_memory_total_max,
        )

    def with_changes(self, **changes: object) -> ServerConfig:
        return replace(self, **changes)  # type: ignore[arg-type]

    def beside(
        self, home: Path, *, heap_size: str, pagecache_size: str, start_timeout_s: float = 240.0
    ) -> ServerConfig:
        """A server beside this one (tests, benchmarks): its own home, free ports, its memory."""
        return self.with_changes(
            home=home,
            bolt_port=free_port(),
            http_port=free_port(),
            heap_size=heap_size,
            pagecache_size=pagecache_size,
            start_timeout_s=start_timeout_s,
        )

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def run_dir(self) -> Path:
        return self.home / "run"

    @property
    def pid_file(self) -> Path:
        return self.run_dir / "neo4j.pid"

    @property
    def console_log(self) -> Path:
        return self.logs_dir / "console.log"


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    uri: str
    http_url: str
    username: str
    password_file: Path
    version: str
    home: Path
    log_file: Path
    jars_dir: Path
    jars_cached: bool


@dataclass(frozen=True)
class StartResult:
    uri: str
    pid: int
    already_running: bool
    collected_jars: bool  # True when this start ran Maven
    seconds: float  # wall time from launching the JVM to Bolt answering (0 when already running)


# --- Java and Maven -------------------------------------------------------------------------

_JAVA_VERSION = re.compile(r'version "(\d+)(?:\.(\d+))?')


def java_major(version_output: str) -> int | None:
    """Major version from `java -version` output ('1.8.0_292' -> 8, '17.0.15' -> 17)."""
    match = _JAVA_VERSION.search(version_output)
    if not match:
        return None
    major = int(match.group(1))
    if major == 1 and match.group(2):
        return int(match.group(2))
    return major


def find_java() -> Path:
    """The `java` to run: $JAVA_HOME/bin/java when JAVA_HOME is set (like Neo4j's own scripts), else PATH."""
    java_home = os.environ.get("JAVA_HOME")
    candidate = Path(java_home) / "bin" / "java" if java_home else None
    if candidate is None or not candidate.is_file():
        found = shutil.which("java")
        candidate = Path(found) if found else None
    if candidate is None:
        raise JavaMissing(
            f"Java {MIN_JAVA}+ is needed to run the local Neo4j, and no `java` was found "
            "(JAVA_HOME unset or wrong, nothing on PATH). Install a JDK 17 or 21 "
            "(e.g. `apt install openjdk-17-jre-headless`), or point NEO4J_URI at an existing server."
        )
    try:
        probe = subprocess.run(
            [str(candidate), "-version"], capture_output=True, text=True, timeout=60, check=False
        )
    except OSError as exc:
        raise JavaMissing(f"cannot run {candidate}: {exc.strerror}") from None
    major = java_major(probe.stderr + probe.stdout)
    if major is None or major < MIN_JAVA:
        shown = (probe.stderr or probe.stdout).strip().splitlines()[:1]
        raise JavaMissing(
            f"Java {MIN_JAVA}+ is needed to run Neo4j {'5.26'}, but {candidate} is "
            f"{shown[0] if shown else 'of unknown version'}. Install a JDK 17 or 21 and set JAVA_HOME, "
            "or point NEO4J_URI at an existing server."
        )
    return candidate


def jars_present(config: ServerConfig) -> bool:
    """The cache is complete: it is only ever created by an atomic rename after Maven succeeded."""
    return (config.jars_dir / f"neo4j-{config.version}.jar").is_file()


@contextlib.contextmanager
def _file_lock(path: Path, say: Say) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"Waiting for another process that is collecting the Neo4j jars ({path}) ...")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_jars(config: ServerConfig, say: Say = _quiet) -> bool:
    """Collect the server jars with Maven unless the shared cache has them. True when Maven ran.

    Concurrent callers (several test sessions, a CLI start) serialise on a lock file; Maven writes
    into a private folder that is renamed into place only when complete, so a half-finished
    download is never mistaken for a cache.
    """
    if jars_present(config):
        return False
    target = config.jars_dir
    with _file_lock(target.parent / f".{target.name}.lock", say):
        if jars_present(config):  # another process finished while we waited
            return False
        mvn = shutil.which("mvn")
        if mvn is None:
            raise MavenMissing(
                f"Maven (`mvn`) is needed once to collect the Neo4j {config.version} jars into {target}, "
                "and it is not on PATH. Install it (e.g. `apt install maven`), or point NEO4J_URI at "
                "an existing server (docker compose up neo4j, Aura, ...)."
            )
        find_java()  # Maven needs a JDK too; say so before Maven says it less clearly
        say(
            f"Collecting Neo4j {config.version} jars with Maven into {target} "
            "(once per machine, ~125 MB; a few minutes when ~/.m2 is cold) ..."
        )
        build = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
        partial = build / "lib"
        log = target.parent / "maven.log"
        try:
            shutil.copyfile(POM_TEMPLATE, build / "pom.xml")
            with log.open("w") as out:
                result = subprocess.run(
                    [
                        mvn,
                        "-B",
                        "--no-transfer-progress",
                        "-f",
                        str(build / "pom.xml"),
                        "package",
                        f"-Dintelgraph.neo4j.version={config.version}",
                        f"-Dintelgraph.lib.dir={partial}",
                    ],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    cwd=build,
                    check=False,
                )
            if result.returncode != 0 or not (partial / f"neo4j-{config.version}.jar").is_file():
                raise MavenFailed(
                    f"Maven could not collect Neo4j {config.version} (exit {result.returncode}); "
                    f"is Maven Central reachable (proxy in ~/.m2/settings.xml)? Last lines of {log}:\n"
                    + _tail(log, 15)
                )
            if target.exists():  # a stale, incomplete cache from an older layout
                shutil.rmtree(target)
            partial.rename(target)
        finally:
            shutil.rmtree(build, ignore_errors=True)
    say(f"Neo4j jars ready in {target}.")
    return True


# --- the server -----------------------------------------------------------------------------


def _tail(path: Path, lines: int = 20) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"  ({path} is missing)"
    return "\n".join("  " + line for line in text.splitlines()[-lines:])


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def free_port() -> int:
    """A port nothing listens on right now (the kernel picks it); for test servers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _alive(pid: int, home: Path) -> bool:
    """The pid is a running Neo4j of this home (not a recycled pid, not a zombie)."""
    proc = Path(f"/proc/{pid}")
    if proc.is_dir():
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return False
        return state != "Z" and ENTRY_POINT.encode() in cmdline and f"--home-dir={home}".encode() in cmdline
    try:  # no /proc (macOS): the best available check
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _die_with_parent() -> None:
    # Runs in the forked child before exec: prctl(PR_SET_PDEATHSIG, SIGTERM).
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM, 0, 0, 0)


# The store, data/dbms/auth.ini (the password hash), the logs (query texts) and the password file
# are the owner's only: folders 0700, files 0600, and every Neo4j process runs with umask 077.
PRIVATE_UMASK = 0o077


def _private_umask() -> None:
    # Runs in the forked child before exec.
    os.umask(PRIVATE_UMASK)


def _private_umask_dying_with_parent() -> None:
    _private_umask()
    _die_with_parent()


def _make_private(home: Path) -> None:
    """Remove group and other permission bits from everything under `home` (a home made by an older
    version has 0644 files in 0755 folders). Symbolic links are left alone."""
    for root, dirs, files in os.walk(home):
        for name in (*dirs, *files):
            path = Path(root) / name
            with contextlib.suppress(OSError):
                mode = path.lstat().st_mode
                if not stat.S_ISLNK(mode) and mode & 0o077:
                    path.chmod(stat.S_IMODE(mode) & 0o700)


def _write_private(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only (0600, also when it already existed)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    path.chmod(0o600)


def _reap(pid: int) -> None:
    # A JVM started by this very process stays a zombie until waited for.
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


class LocalNeo4j:
    """Start, stop and inspect one local server described by a `ServerConfig`."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self._process: subprocess.Popen[bytes] | None = None

    # -- facts --------------------------------------------------------------------------------

    @property
    def uri(self) -> str:
        return self.config.uri

    @property
    def username(self) -> str:
        return USERNAME

    def password(self) -> str:
        try:
            return self.config.password_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise LocalServerError(
                f"no password file at {self.config.password_file}: the server was never started "
                "(run `intelgraph db start`)"
            ) from None

    def pid(self) -> int | None:
        try:
            pid = int(self.config.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        _reap(pid)
        return pid if _alive(pid, self.config.home) else None

    def status(self) -> ServerStatus:
        pid = self.pid()
        cfg = self.config
        return ServerStatus(
            running=pid is not None,
            pid=pid,
            uri=cfg.uri,
            http_url=cfg.http_url,
            username=USERNAME,
            password_file=cfg.password_file,
            version=cfg.version,
            home=cfg.home,
            log_file=cfg.console_log,
            jars_dir=cfg.jars_dir,
            jars_cached=jars_present(cfg),
        )

    def driver(self) -> neo4j.Driver:
        """A new driver for this server (the caller closes it)."""
        return neo4j.GraphDatabase.driver(self.uri, auth=(USERNAME, self.password()))

    # -- files --------------------------------------------------------------------------------

    def conf_text(self) -> str:
        cfg = self.config
        lines = [
            "# Written by intelgraph (app/neo4j_server.py) on every start: edit settings, not this file.",
            "server.default_listen_address=127.0.0.1",
            "server.default_advertised_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{cfg.bolt_port}",
            f"server.bolt.advertised_address=127.0.0.1:{cfg.bolt_port}",
            f"server.http.listen_address=127.0.0.1:{cfg.http_port}",
            f"server.http.advertised_address=127.0.0.1:{cfg.http_port}",
            "server.https.enabled=false",
            "dbms.usage_report.enabled=false",
            f"server.memory.heap.initial_size={cfg.heap_size}",
            f"server.memory.heap.max_size={cfg.heap_size}",
            f"server.memory.pagecache.size={cfg.pagecache_size}",
            f"server.directories.lib={cfg.jars_dir}",
            f"server.directories.data={cfg.data_dir}",
            f"server.directories.logs={cfg.logs_dir}",
            f"server.directories.plugins={cfg.home / 'plugins'}",
            f"server.directories.import={cfg.home / 'import'}",
            f"server.directories.run={cfg.run_dir}",
            # Bolt otherwise lingers 2 x 5 s in netty's graceful shutdown on every stop; a local
            # server has no in-flight clients worth that wait.
            "internal.dbms.bolt.netty_server_shutdown_quiet_period=1",
            "internal.server.bolt.connection_shutdown_wait_time=1s",
            # Bounds for queries (docs/security.md, "How saved queries are judged"): one
            # transaction may hold this much memory (over it: MemoryPoolOutOfMemoryError, mapped to
            # 422), all transactions together the total; LOAD CSV may read no file, and fetch no
            # URL (every IPv4 and IPv6 address is blocked for Cypher's URL loading).
            f"db.memory.transaction.max={cfg.transaction_memory_max}",
            f"dbms.memory.transaction.total.max={cfg.transaction_memory_total_max}",
            "dbms.security.allow_csv_import_from_file_urls=false",
            "internal.dbms.cypher_ip_blocklist=0.0.0.0/0,::/0",
        ]
        lines += [f"server.jvm.additional={flag}" for flag in JVM_FLAGS]
        return "\n".join(lines) + "\n"

    def _prepare_home(self) -> None:
        cfg = self.config
        for folder in (cfg.home, cfg.conf_dir, cfg.data_dir, cfg.logs_dir, cfg.run_dir, cfg.home / "plugins",
                       cfg.home / "import"):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            folder.chmod(0o700)
        _make_private(cfg.home)  # also a home made before folders were private
        _write_private(cfg.conf_dir / "neo4j.conf", self.conf_text().encode("utf-8"))

    def _launcher_env(self) -> dict[str, str]:
        return {**os.environ, "NEO4J_HOME": str(self.config.home), "NEO4J_CONF": str(self.config.conf_dir)}

    def _ensure_password(self, java: Path) -> None:
        """Generate the password once and hand it to Neo4j before the first start."""
        cfg = self.config
        if not cfg.password_file.exists():
            fd = os.open(cfg.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(new_password() + "\n")
        cfg.password_file.chmod(0o600)
        if (cfg.data_dir / "dbms" / "auth.ini").exists():
            return  # already initialised; Neo4j ignores set-initial-password from now on
        # The password is on this short-lived local command line only; the admin tool reads no stdin.
        result = subprocess.run(
            [str(java), "-cp", f"{cfg.jars_dir}/*", "org.neo4j.cli.AdminTool", "dbms",
             "set-initial-password", self.password()],
            env=self._launcher_env(),
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
            preexec_fn=_private_umask,  # it writes data/dbms/auth.ini
        )
        if result.returncode != 0:
            raise ServerDidNotStart(
                "neo4j-admin could not set the initial password:\n" + (result.stderr or result.stdout).strip()
            )

    def command(self, java: Path) -> list[str]:
        """The JVM command line; the same as `Neo4jCommand console --dry-run` prints for this home."""
        cfg = self.config
        classpath = f"{cfg.home / 'plugins'}/*:{cfg.conf_dir}/*:{cfg.jars_dir}/*"
        return [
            str(java), "-cp", classpath, *JVM_FLAGS, "-Dfile.encoding=UTF-8",
            f"-Xms{cfg.heap_size}", f"-Xmx{cfg.heap_size}",
            ENTRY_POINT, f"--home-dir={cfg.home}", f"--config-dir={cfg.conf_dir}", "--console-mode",
        ]

    def launcher_dry_run(self) -> list[str]:
        """What Neo4j's own launcher would run for this home (to verify `command`).

        The launcher refuses while a server of this home runs (it shares run/neo4j.pid, so the
        official `neo4j status` recognises our server): use a stopped or scratch home.
        """
        java = find_java()
        self._prepare_home()
        out = subprocess.run(
            [str(java), "-cp", f"{self.config.jars_dir}/*", "org.neo4j.server.startup.Neo4jCommand",
             "console", "--dry-run"],
            env=self._launcher_env(), capture_output=True, text=True, timeout=180, check=False,
        )
        if out.returncode != 0:
            raise LocalServerError(f"Neo4jCommand --dry-run failed: {(out.stdout + out.stderr).strip()}")
        return out.stdout.strip().split()

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self, say: Say = _quiet, *, die_with_parent: bool = False) -> StartResult:
        """Start the server unless it is running; return when Bolt answers `RETURN 1`.

        `die_with_parent` (throwaway test servers, Linux): the kernel sends the JVM SIGTERM when the
        calling process dies, even by SIGKILL, so an aborted test run leaves no server behind.
        """
        cfg = self.config
        running = self.pid()
        if running is not None:
            return StartResult(cfg.uri, running, already_running=True, collected_jars=False, seconds=0.0)
        java = find_java()
        for name, port, setting in (("Bolt", cfg.bolt_port, "INTELGRAPH_BOLT_PORT"),
                                    ("HTTP", cfg.http_port, "INTELGRAPH_HTTP_PORT")):
            if port_in_use(port):
                raise PortTaken(
                    f"port {port} (Neo4j {name}) on 127.0.0.1 is already in use by another program. "
                    f"Stop it, or choose another port with {setting}=<port>, or point NEO4J_URI at that "
                    "server if it is a Neo4j you want to use."
                )
        collected = ensure_jars(cfg, say)
        self._prepare_home()
        self._ensure_password(java)

        say(f"Starting Neo4j {cfg.version} on {cfg.uri} (home {cfg.home}) ...")
        began = time.monotonic()
        _write_private(cfg.console_log, b"")
        with cfg.console_log.open("wb") as log:
            self._process = subprocess.Popen(
                self.command(java),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=cfg.home,
                env=self._launcher_env(),
                start_new_session=True,  # Ctrl-C in the calling terminal must not kill the server
                preexec_fn=(_private_umask_dying_with_parent if die_with_parent and sys.platform == "linux"
                            else _private_umask),
            )
        _write_private(cfg.pid_file, f"{self._process.pid}\n".encode())
        try:
            self._wait_for_bolt(began)
        except BaseException:
            self._kill_after_failed_start()
            raise
        return StartResult(cfg.uri, self._process.pid, already_running=False, collected_jars=collected,
                           seconds=round(time.monotonic() - began, 2))

    def _wait_for_bolt(self, began: float) -> None:
        assert self._process is not None
        cfg = self.config
        deadline = began + cfg.start_timeout_s
        query = read_cypher("ops", "ping")
        with neo4j.GraphDatabase.driver(cfg.uri, auth=(USERNAME, self.password()),
                                        connection_timeout=2.0) as driver:
            while True:
                code = self._process.poll()
                if code is not None:
                    raise ServerDidNotStart(self._failure_message(f"the JVM exited with code {code}"))
                try:
                    # Auto-commit run, not execute_query: we want one try per poll, not retries.
                    with driver.session(database="neo4j") as session:
                        session.run(query).consume()
                    return
                except AuthError:
                    raise ServerDidNotStart(
                        f"the server rejected the password in {cfg.password_file}: its data was "
                        f"initialised with another one. Remove {cfg.data_dir} (loses the data) or put "
                        "the right password in that file."
                    ) from None
                except (ServiceUnavailable, SessionExpired, OSError):
                    pass
                except Neo4jError as exc:  # e.g. database still starting
                    if not exc.is_retryable():
                        raise
                if time.monotonic() > deadline:
                    raise ServerDidNotStart(
                        self._failure_message(f"Bolt did not answer within {cfg.start_timeout_s:.0f} s "
                                              "(INTELGRAPH_START_TIMEOUT_S)")
                    )
                time.sleep(0.25)

    def _failure_message(self, what: str) -> str:
        log = self.config.console_log
        text = log.read_text(errors="replace") if log.exists() else ""
        hint = ""
        if "Address already in use" in text:
            hint = " A port is already in use (INTELGRAPH_BOLT_PORT / INTELGRAPH_HTTP_PORT)."
        return f"Neo4j did not start: {what}.{hint} Last lines of {log}:\n{_tail(log, 20)}"

    def _kill_after_failed_start(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait(timeout=30)
        self.config.pid_file.unlink(missing_ok=True)

    def stop(self, timeout_s: float = 60.0, say: Say = _quiet) -> bool:
        """SIGTERM (clean shutdown, checkpoint); SIGKILL after `timeout_s`. False if it was not running."""
        pid = self.pid()
        if pid is None:
            self.config.pid_file.unlink(missing_ok=True)
            return False
        say(f"Stopping Neo4j (pid {pid}) ...")
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        while self._still_running(pid):
            if time.monotonic() > deadline:
                say(f"Neo4j did not stop within {timeout_s:.0f} s; killing it.")
                os.kill(pid, signal.SIGKILL)
                deadline = time.monotonic() + 30
            time.sleep(0.2)
        self.config.pid_file.unlink(missing_ok=True)
        self._process = None
        return True

    def _still_running(self, pid: int) -> bool:
        if self._process is not None and self._process.pid == pid:
            return self._process.poll() is None
        _reap(pid)
        return _alive(pid, self.config.home)
