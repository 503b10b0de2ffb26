"""API keys: roles, hashed storage, and the FastAPI dependencies that enforce them.

A key is 32 random bytes shown to the operator once (`intelgraph keys add NAME --role write`);
the keys file (`Settings.api_keys_file`, JSON, owner-only permissions) keeps only its SHA-256.
A plain hash suffices because keys are high-entropy random tokens, not passwords: there is nothing
to brute-force that a slow hash would protect. Comparison is constant-time.

Roles are ordered read < write < admin. Writes (ingest, retract, save/delete a query) need
`write`. Reads are open to loopback clients unless `api_reads_require_key` is set; other clients
always need a key for reads.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Literal

from fastapi import Depends, Request

from app.deps import ConfigDep
from app.errors import Forbidden, Unauthorized
from app.settings import Settings

Role = Literal["read", "write", "admin"]
ROLES: tuple[Role, ...] = ("read", "write", "admin")
_RANK = {role: i for i, role in enumerate(ROLES)}
KEY_PREFIX = "igk_"
_LOOPBACK = {"127.0.0.1", "::1", "localhost", "testclient"}

audit_log = logging.getLogger("intelgraph.audit")


class KeyFileError(ValueError):
    """The keys file cannot be read or a key operation is invalid (CLI message)."""


@dataclass(frozen=True)
class ApiKey:
    name: str
    role: Role
    sha256: str
    created_at: str


@dataclass(frozen=True)
class Caller:
    """Who is calling: a key's name and role, or an anonymous loopback reader."""

    name: str
    role: Role | None

    def allows(self, needed: Role) -> bool:
        return self.role is not None and _RANK[self.role] >= _RANK[needed]


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def load_keys(path: Path) -> list[ApiKey]:
    if not path.exists():
        return []
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return [
            ApiKey(name=k["name"], role=k["role"], sha256=k["sha256"], created_at=k["created_at"])
            for k in raw.get("keys", [])
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyFileError(f"{path}: unreadable keys file ({exc})") from exc


def _save_keys(path: Path, keys: list[ApiKey]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"keys": [k.__dict__ for k in keys]}
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(body, fh, indent=2)
    tmp.replace(path)


def add_key(path: Path, name: str, role: Role) -> str:
    """Create a key, store its hash, and return the key itself (shown once)."""
    if role not in ROLES:
        raise KeyFileError(f"role must be one of {', '.join(ROLES)}")
    if not name or len(name) > 64 or not all(c.isalnum() or c in "-_." for c in name):
        raise KeyFileError("name: 1-64 characters, letters, digits, '-', '_' or '.'")
    keys = load_keys(path)
    if any(k.name == name for k in keys):
        raise KeyFileError(f"a key named {name!r} already exists (remove it first)")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    keys.append(ApiKey(name=name, role=role, sha256=hash_key(key), created_at=now))
    _save_keys(path, keys)
    return key


def remove_key(path: Path, name: str) -> None:
    keys = load_keys(path)
    kept = [k for k in keys if k.name != name]
    if len(kept) == len(keys):
        raise KeyFileError(f"no key named {name!r}")
    _save_keys(path, kept)


def identify(path: Path, presented: str) -> ApiKey | None:
    digest = hash_key(presented)
    found = None
    for key in load_keys(path):
        # Compare against every key so timing does not reveal which prefix matched.
        if hmac.compare_digest(key.sha256, digest):
            found = key
    return found


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _caller(request: Request, settings: Settings) -> Caller | None:
    token = _bearer(request)
    if token is None:
        if request.headers.get("authorization"):
            raise Unauthorized("malformed Authorization header: expected 'Bearer <key>'")
        return None
    key = identify(settings.api_keys_file, token)
    if key is None:
        raise Unauthorized("unknown API key")
    return Caller(name=key.name, role=key.role)


def _is_loopback(request: Request) -> bool:
    return request.client is not None and request.client.host in _LOOPBACK


async def require_read(request: Request, settings: ConfigDep) -> Caller:
    caller = _caller(request, settings)
    if caller is not None:
        return caller
    if _is_loopback(request) and not settings.api_reads_require_key:
        return Caller(name="anonymous", role=None)
    raise Unauthorized("reads need an API key: send 'Authorization: Bearer <key>'")


async def require_write(request: Request, settings: ConfigDep) -> Caller:
    caller = _caller(request, settings)
    if caller is None:
        raise Unauthorized("this endpoint changes data: send 'Authorization: Bearer <key>' with role write")
    if not caller.allows("write"):
        raise Forbidden(f"key {caller.name!r} has role {caller.role}; this endpoint needs write")
    return caller


# Async on purpose: FastAPI runs a sync dependency in the thread pool, a hop per request for what is
# a header check (and, with a key, a read of a small file).
ReadAccess = Annotated[Caller, Depends(require_read)]
WriteAccess = Annotated[Caller, Depends(require_write)]


def _ensure_audit_output() -> None:
    # The audit trail must not depend on how the server configured logging (uvicorn's default
    # config leaves application INFO records unprinted): give the logger its own stderr handler once.
    if not audit_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s AUDIT %(message)s"))
        audit_log.addHandler(handler)
        audit_log.setLevel(logging.INFO)


def audit(caller: Caller, action: str, target: str, outcome: str) -> None:
    """One line per change, naming the key that made it."""
    _ensure_audit_output()
    audit_log.info("key=%s action=%s target=%s outcome=%s", caller.name, action, target, outcome)
