"""Reading documents: files and folders -> `SourceDocument`s (body text + metadata).

Formats, chosen by file suffix:
- `.txt`, `.md`, `.markdown`: text with optional YAML front matter (`title`, `published`, `source`,
  `url`; any other key is kept in `metadata`). The body is the text after the front matter, exactly
  as decoded: line ends, tabs and every character are kept, because all offsets refer to it.
- `.jsonl`: a corpus, one JSON object per line (`id`, `text`, and the same metadata keys).
- `.html`, `.htm`: a web page; its main text (not navigation, footers or comments) is extracted
  with trafilatura, with title, date and canonical URL taken from the page when it gives them.

Bad input never stops a batch: each unreadable document becomes a `ReadError` naming the file (and
the line, for corpora), yielded in place of the document, and reading goes on.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
JSONL_SUFFIXES = frozenset({".jsonl"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES

DEFAULT_MAX_BYTES = 2_000_000
"""Fallback size limit; the CLI passes `Settings.max_document_bytes`."""

STANDARD_KEYS = ("title", "published", "source", "url")

_FRONT_MATTER_OPEN = re.compile(r"\A---[ \t]*\r?\n")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOM = "\ufeff"


class SourceDocument(BaseModel):
    """One document to extract from. `body` is the text all offsets refer to (front matter removed)."""

    body: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    source: str | None = None
    url: str | None = None
    path: str | None = None
    line: int | None = None  # for .jsonl corpora: the 1-based line the document came from
    # For a .jsonl line, `path` is "<file>:<line>" and metadata["file"] the file itself.
    metadata: dict[str, Any] = Field(default_factory=dict)


class ReadError(Exception):
    """A document could not be read; the message names the file (and line)."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


def iter_documents(
    paths: list[Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[SourceDocument | ReadError]:
    """Yield every document under `paths` (files or folders, recursively), or a ReadError per bad one.

    Folders are walked recursively in sorted order, keeping only supported suffixes and skipping
    hidden files and folders, so the same tree always gives the same sequence. A file named
    explicitly with an unsupported suffix is an error; in a folder it is skipped.
    """
    for path in paths:
        if path.is_dir():
            for file in _walk(path):
                yield from read_file(file, max_bytes=max_bytes)
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                yield ReadError(
                    str(path),
                    f"unsupported file type {path.suffix or '(none)'!r}; "
                    f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}",
                )
                continue
            yield from read_file(path, max_bytes=max_bytes)
        else:
            yield ReadError(str(path), "no such file or folder")


def _walk(folder: Path) -> list[Path]:
    found = []
    for file in folder.rglob("*"):
        relative = file.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if file.is_file() and file.suffix.lower() in SUPPORTED_SUFFIXES:
            found.append(file)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[SourceDocument | ReadError]:
    """Read one file of a supported type (by suffix)."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, max_bytes)
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ReadError(
                str(path),
                f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (INTELGRAPH_MAX_DOCUMENT_BYTES)",
            )
        data = _read_bytes(path)
        if suffix in HTML_SUFFIXES:
            yield _read_html(path, data)
        else:
            yield _read_text(path, data)
    except ReadError as error:
        yield error


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ReadError(str(path), f"cannot read file ({exc.strerror or exc})") from exc


def _decode(path: Path, data: bytes, line: int | None = None) -> str:
    if b"\x00" in data:
        raise ReadError(str(path), "binary file (contains NUL bytes), not text", line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReadError(
            str(path), f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at byte {exc.start})", line
        ) from exc
    # A byte-order mark is an encoding detail, not text: offsets count from after it.
    return text.removeprefix(_BOM)


# --------------------------------------------------------------------------------------------
# Text and Markdown with front matter


def split_front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    """Split `---\\n<yaml>\\n---\\n<body>` into (mapping, body); the body is returned untouched."""
    opening = _FRONT_MATTER_OPEN.match(text)
    if opening is None:
        return {}, text
    closing = _FRONT_MATTER_CLOSE.search(text, opening.end())
    if closing is None:
        raise ReadError(str(path), "front matter opened with '---' on line 1 is never closed by a '---' line")
    raw = text[opening.end() : closing.start()]
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None  # +1 for 1-based, +1 for the '---' line
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ReadError(str(path), f"malformed front matter: {problem}", line) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ReadError(
            str(path), f"front matter must be a mapping of keys to values, not {type(data).__name__}", 2
        )
    return {str(k): v for k, v in data.items()}, text[closing.end() :]


def _read_text(path: Path, data: bytes) -> SourceDocument:
    text = _decode(path, data)
    meta, body = split_front_matter(path, text)
    hint = "empty document (no text after the front matter)" if body != text else "empty document"
    return _document(path, body, meta, empty=hint)


def _document(
    path: Path, body: str, meta: dict[str, Any], line: int | None = None, *, empty: str = "empty document"
) -> SourceDocument:
    if not body.strip():
        raise ReadError(str(path), empty, line)
    fields: dict[str, str | None] = {}
    for key in STANDARD_KEYS:
        value = meta.get(key)
        if value is None or value == "":
            fields[key] = None
        elif key == "published":
            fields[key] = normalise_published(value, path, line)
        else:
            fields[key] = str(value)
    extra = {k: _jsonable(v) for k, v in meta.items() if k not in STANDARD_KEYS}
    if line is not None:
        # One file holds many documents: "<file>:<line>" tells them apart (the loader treats two
        # documents with the same path as versions of one), and the file stays in metadata.
        extra.setdefault("file", str(path))
        return SourceDocument(body=body, path=f"{path}:{line}", line=line, metadata=extra, **fields)
    return SourceDocument(body=body, path=str(path), metadata=extra, **fields)


def _jsonable(value: Any) -> Any:
    """YAML gives dates and other objects; metadata must survive `model_dump_json`."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def normalise_published(value: Any, path: Path | str = "", line: int | None = None) -> str:
    """A publication date as YYYY-MM-DD, from a YAML date, an ISO string or a written-out date."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    match = _ISO_DAY.match(text)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError as exc:
            raise ReadError(str(path), f"published {text!r} is not a valid date ({exc})", line) from exc
    parsed = _parse_written_date(text)
    if parsed is None:
        raise ReadError(str(path), f"published {text!r} is not a day date (expected YYYY-MM-DD)", line)
    return parsed


def _parse_written_date(text: str) -> str | None:
    import dateparser  # slow to import: only for the rare written-out date

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date().isoformat() if parsed is not None else None


# --------------------------------------------------------------------------------------------
# JSON Lines corpora


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[SourceDocument | ReadError]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield ReadError(str(path), f"cannot read file ({exc.strerror or exc})")
        return
    seen_any = False
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue  # blank lines separate nothing in JSONL; skipping them is harmless
            seen_any = True
            try:
                yield _jsonl_document(path, number, raw, max_bytes)
            except ReadError as error:
                yield error
    if not seen_any:
        yield ReadError(str(path), "empty corpus (no JSON lines)")


def _jsonl_document(path: Path, number: int, raw: bytes, max_bytes: int) -> SourceDocument:
    if len(raw) > max_bytes:
        raise ReadError(
            str(path),
            f"line is {len(raw):,} bytes, over the {max_bytes:,}-byte limit (INTELGRAPH_MAX_DOCUMENT_BYTES)",
            number,
        )
    line = _decode(path, raw, number)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ReadError(str(path), f"invalid JSON ({exc.msg} at column {exc.colno})", number) from exc
    if not isinstance(record, dict):
        raise ReadError(
            str(path), f'expected a JSON object with a "text" field, got {type(record).__name__}', number
        )
    text = record.get("text")
    if not isinstance(text, str):
        raise ReadError(
            str(path),
            'missing "text" field (a string)'
            if text is None
            else f'"text" must be a string, not {type(text).__name__}',
            number,
        )
    meta = {str(k): v for k, v in record.items() if k != "text"}
    return _document(path, text, meta, number, empty='empty document ("text" is blank)')


# --------------------------------------------------------------------------------------------
# HTML pages


def _decode_html(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        raise ReadError(str(path), "binary file (contains NUL bytes), not HTML")
    try:
        return data.decode("utf-8").removeprefix(_BOM)
    except UnicodeDecodeError:
        pass
    declared = _HTML_CHARSET.search(data[:4096])
    if declared is not None:
        charset = declared.group(1).decode("ascii", "replace")
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError) as exc:
            raise ReadError(
                str(path), f"page declares charset {charset!r} but does not decode with it"
            ) from exc
    return _decode(path, data)  # raises the UTF-8 error with its byte position


def _read_html(path: Path, data: bytes) -> SourceDocument:
    import trafilatura  # heavy (lxml, htmldate): only when there is a page to read

    html = _decode_html(path, data)
    if not html.strip():
        raise ReadError(str(path), "empty document")
    try:
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True, as_dict=False
        )
    except Exception as exc:  # lxml raises many kinds on broken markup; all mean the same to a user
        raise ReadError(str(path), f"cannot parse HTML ({exc.__class__.__name__}: {exc})") from exc
    if result is None or isinstance(result, dict):
        raise ReadError(str(path), "no main text found in the HTML page")
    body = getattr(result, "text", None) or ""
    if not body.strip():
        raise ReadError(str(path), "no main text found in the HTML page")
    meta: dict[str, Any] = {
        "title": getattr(result, "title", None),
        "published": getattr(result, "date", None),
        "url": getattr(result, "url", None),
        "source": getattr(result, "sitename", None),
    }
    for key in ("author", "description", "hostname", "language"):
        value = getattr(result, key, None)
        if value:
            meta[key] = value
    try:
        return _document(path, body, meta)
    except ReadError:
        # A page date that is not a full day is not worth losing the page for.
        meta["published"] = None
        return _document(path, body, meta)
