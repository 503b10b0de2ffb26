"""Reading documents: files and folders -> `SourceDocument`s (body text + metadata).

Formats, chosen by file suffix:
- `.txt`, `.md`, `.markdown`: text with optional YAML front matter (`title`, `published`, `source`,
  `url`; any other key is kept in `metadata`). The body is the text after the front matter, exactly
  as decoded: line ends, tabs and every character are kept, because all offsets refer to it.
- `.jsonl`: a corpus, one JSON object per line (`id`, `text`, and the same metadata keys).
- `.html`, `.htm`: a web page; its main text (not navigation, footers or comments) is extracted
  with trafilatura, with title, date and canonical URL taken from the page when it gives them.

Bad input never stops a batch: each unreadable document becomes a `ReadError` naming the file (and
the line, for corpora and front matter), yielded in place of the document, and reading goes on.
That covers invalid dates, JSON nested deeper than `MAX_NESTING`, undecodable bytes, permission
errors, unreadable folders, FIFOs and other special files, and a `url` that is not http(s).

Text is UTF-8 (a byte-order mark is dropped); UTF-16 and UTF-32 are decoded when the file starts with
their byte-order mark. Front matter is parsed by a safe YAML loader that refuses anchors and aliases
(no "billion laughs" expansion), nesting deeper than `MAX_NESTING`, and more than
`MAX_FRONT_MATTER_BYTES` of YAML.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
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
# Longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

MAX_NESTING = 64
"""Deepest nesting of lists/objects accepted in a JSON line or in front matter."""

MAX_FRONT_MATTER_BYTES = 64 * 1024
"""Largest YAML front matter accepted (UTF-8 bytes between the two '---' lines)."""

_MAX_DATE_CHARS = 100
_URL_SCHEMES = ("http://", "https://")


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
    explicitly with an unsupported suffix is an error; in a folder it is skipped. A folder that
    cannot be listed, and a FIFO, device or socket with a supported suffix, is an error in place.
    """
    for path in paths:
        try:
            info = path.stat()
        except FileNotFoundError:
            yield ReadError(str(path), "no such file or folder")
            continue
        except OSError as exc:
            yield ReadError(str(path), f"cannot read ({_reason(exc)})")
            continue
        if stat.S_ISDIR(info.st_mode):
            for item in _walk(path):
                if isinstance(item, ReadError):
                    yield item
                else:
                    yield from read_file(item, max_bytes=max_bytes)
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            yield ReadError(
                str(path),
                f"unsupported file type {path.suffix or '(none)'!r}; "
                f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}",
            )
        else:
            yield from read_file(path, max_bytes=max_bytes)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _walk(folder: Path) -> list[Path | ReadError]:
    """Supported files under `folder` and an error per folder that cannot be listed, sorted by path."""
    found: list[tuple[str, Path | ReadError]] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else folder
        key = where.relative_to(folder).as_posix() if where != folder else ""
        found.append((key, ReadError(str(where), f"cannot read folder ({_reason(exc)})")))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        base = Path(root)
        for name in files:
            if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            file = base / name
            found.append((file.relative_to(folder).as_posix(), file))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[SourceDocument | ReadError]:
    """Read one file of a supported type (by suffix); every failure is a ReadError, never raised."""
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path, max_bytes)
            return
        data = _read_bytes(path, max_bytes)
        if suffix in HTML_SUFFIXES:
            yield _read_html(path, data)
        else:
            yield _read_text(path, data)
    except ReadError as error:
        yield error
    except Exception as exc:  # a reader bug on odd input must cost this file only, never the batch
        yield ReadError(str(path), f"cannot read ({type(exc).__name__}: {exc})")


def _open_regular(path: Path) -> tuple[int, int]:
    """An fd open for reading on `path` and its size; ReadError for FIFOs, devices, sockets, folders.

    O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused right after, by fstat).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ReadError(str(path), f"cannot read file ({_reason(exc)})") from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISFIFO(info.st_mode):
            kind = "a FIFO"
        elif stat.S_ISDIR(info.st_mode):
            kind = "a folder"
        elif stat.S_ISSOCK(info.st_mode):
            kind = "a socket"
        else:
            kind = "a device"
        raise ReadError(str(path), f"not a regular file ({kind})")
    return fd, info.st_size


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    fd, size = _open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        if size > max_bytes:
            raise ReadError(
                str(path),
                f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (INTELGRAPH_MAX_DOCUMENT_BYTES)",
            )
        try:
            return handle.read(max_bytes + 1)
        except OSError as exc:
            raise ReadError(str(path), f"cannot read file ({_reason(exc)})") from exc


def _bom(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark at the start of `data` declares, and the mark's length."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding, len(mark)
    return None


def _decode(path: Path, data: bytes, line: int | None = None) -> str:
    # A byte-order mark is an encoding detail, not text: offsets count from after it.
    declared = _bom(data)
    if declared is not None:
        encoding, skip = declared
        try:
            text = data[skip:].decode(encoding)
        except UnicodeDecodeError as exc:
            raise ReadError(
                str(path),
                f"not {encoding.upper()} text, though it starts with that byte-order mark "
                f"(invalid bytes at byte {exc.start + skip})",
                line,
            ) from exc
        if "\x00" in text:
            raise ReadError(str(path), "binary file (contains NUL characters), not text", line)
        return text
    if b"\x00" in data:
        raise ReadError(str(path), "binary file (contains NUL bytes), not text", line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReadError(
            str(path), f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at byte {exc.start})", line
        ) from exc


# --------------------------------------------------------------------------------------------
# Text and Markdown with front matter


class _FrontMatterLoader(yaml.SafeLoader):
    """PyYAML's safe loader, minus the ways a few hundred bytes can cost gigabytes or a crash.

    Anchors and aliases are refused at the first one (an alias bomb is never expanded), nesting is
    capped at `MAX_NESTING` (the composer recurses), and a timestamp that is not a real date
    (`2022-13-45`) stays a string, for `normalise_published` to report, instead of raising.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        mark: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (&, *) are not allowed in front matter", mark
            )
        if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            if self._depth >= MAX_NESTING:
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {MAX_NESTING} levels deep", mark
                )
            self._depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1
        return super().compose_node(parent, index)

    def construct_lenient_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    _FrontMatterLoader.construct_lenient_timestamp,
)


def split_front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    """Split `---\\n<yaml>\\n---\\n<body>` into (mapping, body); the body is returned untouched."""
    meta, _, body = _split_front_matter(path, text)
    return meta, body


def _split_front_matter(path: Path, text: str) -> tuple[dict[str, Any], dict[str, int], str]:
    """(mapping, the file line of each top-level key, body)."""
    opening = _FRONT_MATTER_OPEN.match(text)
    if opening is None:
        return {}, {}, text
    closing = _FRONT_MATTER_CLOSE.search(text, opening.end())
    if closing is None:
        raise ReadError(str(path), "front matter opened with '---' on line 1 is never closed by a '---' line")
    raw = text[opening.end() : closing.start()]
    size = len(raw.encode("utf-8", "surrogatepass"))
    if size > MAX_FRONT_MATTER_BYTES:
        raise ReadError(
            str(path), f"front matter is {size:,} bytes, over the {MAX_FRONT_MATTER_BYTES:,}-byte limit", 1
        )
    loader = _FrontMatterLoader(raw)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None  # +1 for 1-based, +1 for the '---' line
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ReadError(str(path), f"malformed front matter: {problem}", line) from exc
    except (ValueError, TypeError, RecursionError) as exc:  # constructors of odd tagged values
        raise ReadError(str(path), f"malformed front matter: {type(exc).__name__}: {exc}", 2) from exc
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ReadError(
            str(path), f"front matter must be a mapping of keys to values, not {type(data).__name__}", 2
        )
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                lines.setdefault(str(key_node.value), key_node.start_mark.line + 2)
    return {str(k): v for k, v in data.items()}, lines, text[closing.end() :]


def _read_text(path: Path, data: bytes) -> SourceDocument:
    text = _decode(path, data)
    meta, lines, body = _split_front_matter(path, text)
    hint = "empty document (no text after the front matter)" if body != text else "empty document"
    return _document(path, body, meta, empty=hint, key_lines=lines)


def _document(
    path: Path,
    body: str,
    meta: dict[str, Any],
    line: int | None = None,
    *,
    empty: str = "empty document",
    key_lines: dict[str, int] | None = None,
) -> SourceDocument:
    if not body.strip():
        raise ReadError(str(path), empty, line)
    key_lines = key_lines or {}
    fields: dict[str, str | None] = {}
    for key in STANDARD_KEYS:
        value = meta.get(key)
        at = key_lines.get(key, line)
        if value is None or value == "":
            fields[key] = None
        elif key == "published":
            fields[key] = normalise_published(value, path, at)
        elif key == "url":
            fields[key] = check_url(value, path, at)
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


def check_url(value: Any, path: Path | str = "", line: int | None = None) -> str:
    """A document's `url`, which must be an absolute http(s) URL (it is offered as a link)."""
    text = str(value).strip()
    if not text.lower().startswith(_URL_SCHEMES) or any(c.isspace() or ord(c) < 32 for c in text):
        shown = text if len(text) <= 80 else text[:77] + "..."
        raise ReadError(str(path), f"url {shown!r} is not an http(s) URL", line)
    return text


def normalise_published(value: Any, path: Path | str = "", line: int | None = None) -> str:
    """A publication date as YYYY-MM-DD, from a YAML date, an ISO string or a written-out date."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if len(text) > _MAX_DATE_CHARS:
        raise ReadError(
            str(path), f"published {text[:40]!r}... is not a day date (expected YYYY-MM-DD)", line
        )
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
    fd, _ = _open_regular(path)
    seen_any = False
    with os.fdopen(fd, "rb") as handle:
        declared = _bom(handle.read(4))
        handle.seek(0)
        lines: Iterator[bytes | str]
        if declared is not None and declared[0] != "utf-8":
            # UTF-16/32: newline bytes are not b"\n", so the file is split as text.
            encoding, skip = declared
            handle.seek(skip)
            lines = _text_lines(path, handle, encoding)
        else:
            lines = iter(handle)
        for number, raw in enumerate(lines, start=1):
            if isinstance(raw, ReadError):
                yield raw
                return
            if not raw.strip():
                continue  # blank lines separate nothing in JSONL; skipping them is harmless
            seen_any = True
            try:
                yield _jsonl_document(path, number, raw, max_bytes)
            except ReadError as error:
                yield error
            except Exception as exc:  # a reader bug on one odd line costs that line only
                yield ReadError(str(path), f"cannot read ({type(exc).__name__}: {exc})", number)
    if not seen_any:
        yield ReadError(str(path), "empty corpus (no JSON lines)")


def _text_lines(path: Path, handle: Any, encoding: str) -> Iterator[Any]:
    """Lines of a UTF-16/32 corpus as text; a decoding error ends the file with a ReadError."""
    import codecs

    reader = codecs.getreader(encoding)(handle)
    number = 0
    try:
        for number, line in enumerate(iter(lambda: reader.readline(keepends=True), ""), start=1):  # noqa: B007
            yield line
    except UnicodeDecodeError as exc:
        yield ReadError(
            str(path),
            f"not {encoding.upper()} text ({exc.reason}); the rest of the file is skipped",
            number + 1,
        )


def _jsonl_document(path: Path, number: int, raw: bytes | str, max_bytes: int) -> SourceDocument:
    size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise ReadError(
            str(path),
            f"line is {size:,} bytes, over the {max_bytes:,}-byte limit (INTELGRAPH_MAX_DOCUMENT_BYTES)",
            number,
        )
    line = _decode(path, raw, number) if isinstance(raw, bytes) else raw
    if number == 1:
        line = line.removeprefix(_BOM)
    too_deep = f"JSON nested more than {MAX_NESTING} levels deep"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ReadError(str(path), f"invalid JSON ({exc.msg} at column {exc.colno})", number) from exc
    except RecursionError:
        raise ReadError(str(path), too_deep, number) from None
    if _nesting(record) > MAX_NESTING:
        raise ReadError(str(path), too_deep, number)
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


def _nesting(value: Any) -> int:
    """How deeply lists and objects nest in a decoded JSON value (iteratively: no recursion limit)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        if deepest > MAX_NESTING:
            break
        stack.extend((child, depth) for child in children)
    return deepest


# --------------------------------------------------------------------------------------------
# HTML pages


def _decode_html(path: Path, data: bytes) -> str:
    if _bom(data) is not None:
        return _decode(path, data)
    if b"\x00" in data:
        raise ReadError(str(path), "binary file (contains NUL bytes), not HTML")
    try:
        return data.decode("utf-8")
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
    if meta["url"] is not None and not str(meta["url"]).strip().lower().startswith(_URL_SCHEMES):
        meta["url"] = None  # a page's own canonical link that is not http(s) is not worth an error
    try:
        return _document(path, body, meta)
    except ReadError:
        # A page date that is not a full day is not worth losing the page for.
        meta["published"] = None
        return _document(path, body, meta)
