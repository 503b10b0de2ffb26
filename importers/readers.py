"""Reading documents: files and folders -> `SourceDocument`s (body text + metadata).

(placeholder: the extraction issue's reader work fills this in; the interface below is fixed.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field


class SourceDocument(BaseModel):
    """One document to extract from. `body` is the text all offsets refer to (front matter removed)."""

    body: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    source: str | None = None
    url: str | None = None
    path: str | None = None
    line: int | None = None  # for .jsonl corpora: the 1-based line the document came from
    metadata: dict[str, Any] = Field(default_factory=dict)


class ReadError(Exception):
    """A document could not be read; the message names the file (and line)."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


def iter_documents(paths: list[Path]) -> Iterator[SourceDocument | ReadError]:
    """Yield every document under `paths` (files or folders, recursively), or a ReadError per bad one."""
    raise NotImplementedError
