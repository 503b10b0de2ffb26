"""Document readers: exact bodies, metadata and error messages on files made in tmp_path."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from importers.readers import ReadError, SourceDocument, iter_documents, normalise_published


def read(*paths: Path, max_bytes: int = 2_000_000) -> list[SourceDocument | ReadError]:
    return list(iter_documents(list(paths), max_bytes=max_bytes))


def one(path: Path) -> SourceDocument:
    [result] = read(path)
    assert isinstance(result, SourceDocument), result
    return result


def error(path: Path, **kwargs: int) -> ReadError:
    [result] = read(path, **kwargs)
    assert isinstance(result, ReadError), result
    return result


# -- text and Markdown -------------------------------------------------------------------------


def test_plain_text_body_is_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"First line.\nSecond line.\n")
    doc = one(path)
    assert doc.body == "First line.\nSecond line.\n"
    assert (doc.title, doc.published, doc.source, doc.url) == (None, None, None, None)
    assert doc.path == str(path)
    assert doc.line is None
    assert doc.metadata == {}


def test_front_matter_gives_metadata_and_the_body_follows_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    body = "Héllo “world”,\tsaid X.\r\nNext\r\n"
    front = (
        "---\n"
        'title: "Leaders meet"\n'
        "published: 2022-08-09\n"
        "source: Example Wire\n"
        "url: https://example.org/a\n"
        "license: public domain\n"
        "tags: [a, b]\n"
        "---\n"
    )
    path.write_bytes((front + body).encode("utf-8"))
    doc = one(path)
    assert doc.body == body
    assert doc.title == "Leaders meet"
    assert doc.published == "2022-08-09"
    assert doc.source == "Example Wire"
    assert doc.url == "https://example.org/a"
    assert doc.metadata == {"license": "public domain", "tags": ["a", "b"]}


def test_crlf_front_matter_and_body(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"---\r\ntitle: T\r\n---\r\nLine one.\r\n\tLine two.\r\n")
    doc = one(path)
    assert doc.title == "T"
    assert doc.body == "Line one.\r\n\tLine two.\r\n"


def test_byte_order_mark_is_not_part_of_the_body(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffText.".encode())
    assert one(path).body == "Text."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-08-09", "2022-08-09"),
        ("'2022-08-09T14:30:00Z'", "2022-08-09"),
        ("'9 August 2022'", "2022-08-09"),
        ("'Aug. 9, 2022'", "2022-08-09"),
    ],
)
def test_published_is_normalised(tmp_path: Path, value: str, expected: str) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"---\npublished: {value}\n---\nBody.\n", encoding="utf-8")
    assert one(path).published == expected


def test_published_must_be_a_day(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\npublished: sometime\n---\nBody.\n", encoding="utf-8")
    assert str(error(path)) == f"{path}:2: published 'sometime' is not a day date (expected YYYY-MM-DD)"
    assert normalise_published("2022-8-9 ") == "2022-08-09"


def test_invalid_calendar_date_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\npublished: '2022-02-30'\n---\nBody.\n", encoding="utf-8")
    assert "published '2022-02-30' is not a valid date" in str(error(path))


def test_malformed_front_matter_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: ok\nurl: [unclosed\nx: 1\n---\nBody.\n", encoding="utf-8")
    err = error(path)
    assert err.path == str(path)
    assert err.line is not None and err.line >= 3
    assert str(err).startswith(f"{path}:{err.line}: malformed front matter")


def test_unclosed_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: ok\nBody without end.\n", encoding="utf-8")
    assert (
        str(error(path))
        == f"{path}: front matter opened with '---' on line 1 is never closed by a '---' line"
    )


def test_front_matter_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\n- a\n- b\n---\nBody.\n", encoding="utf-8")
    assert str(error(path)) == f"{path}:2: front matter must be a mapping of keys to values, not list"


def test_empty_documents(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \n\t\r\n")
    only_front = tmp_path / "front.md"
    only_front.write_text("---\ntitle: x\n---\n\n", encoding="utf-8")
    assert str(error(empty)) == f"{empty}: empty document"
    assert str(error(blank)) == f"{blank}: empty document"
    assert str(error(only_front)) == f"{only_front}: empty document (no text after the front matter)"


def test_binary_and_non_utf8_files(tmp_path: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Bogotá".encode("latin-1"))
    assert str(error(binary)) == f"{binary}: binary file (contains NUL bytes), not text"
    assert str(error(latin)) == f"{latin}: not UTF-8 text (invalid byte 0xe1 at byte 5)"


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 101)
    assert str(error(path, max_bytes=100)) == (
        f"{path}: file is 101 bytes, over the 100-byte limit (INTELGRAPH_MAX_DOCUMENT_BYTES)"
    )
    assert one(path).body == "a" * 101


# -- folders -----------------------------------------------------------------------------------


def test_folders_are_read_recursively_in_sorted_order_and_errors_do_not_stop_the_batch(
    tmp_path: Path,
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Z.", encoding="utf-8")
    (tmp_path / "b" / "a.md").write_text("A.", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "d.txt").write_text("D.", encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")  # unsupported: skipped in folders
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("hidden", encoding="utf-8")
    results = read(tmp_path)
    assert [r.body if isinstance(r, SourceDocument) else str(r) for r in results] == [
        "A.",
        "Z.",
        f"{tmp_path / 'c.txt'}: empty document",
        "D.",
    ]
    assert [repr(r) for r in read(tmp_path)] == [repr(r) for r in results]  # deterministic


def test_missing_and_unsupported_paths(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    other = tmp_path / "data.csv"
    other.write_text("a,b", encoding="utf-8")
    assert [str(r) for r in read(missing, other)] == [
        f"{missing}: no such file or folder",
        f"{other}: unsupported file type '.csv'; expected one of .htm, .html, .jsonl, .markdown, .md, .txt",
    ]


# -- JSON Lines --------------------------------------------------------------------------------


def test_jsonl_one_document_per_line_with_bad_lines_reported(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps(
            {"id": "a1", "text": "First “doc”.\r\n", "title": "One", "published": "2020-01-02", "lang": "en"}
        ),
        "{broken json",
        "",
        json.dumps({"id": "a3", "title": "No text"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "a5", "text": "   "}),
        json.dumps({"id": "a6", "text": "Last doc.", "url": "https://example.org/6"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = read(path)
    assert len(results) == 6
    first, broken, no_text, not_object, empty, last = results
    assert isinstance(first, SourceDocument)
    assert first.body == "First “doc”.\r\n"
    assert (first.title, first.published, first.line) == ("One", "2020-01-02", 1)
    assert first.metadata == {"id": "a1", "lang": "en", "file": str(path)}
    assert first.path == f"{path}:1"
    assert (
        str(broken)
        == f"{path}:2: invalid JSON (Expecting property name enclosed in double quotes at column 2)"
    )
    assert str(no_text) == f'{path}:4: missing "text" field (a string)'
    assert str(not_object) == f'{path}:5: expected a JSON object with a "text" field, got list'
    assert str(empty) == f'{path}:6: empty document ("text" is blank)'
    assert isinstance(last, SourceDocument)
    assert (last.body, last.url, last.line) == ("Last doc.", "https://example.org/6", 7)


def test_jsonl_bad_encoding_and_size_are_per_line(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b'{"text": "caf\xe9"}\n' + b'{"text": "' + b"x" * 200 + b'"}\n' + b'{"text": "ok"}\n')
    results = read(path, max_bytes=100)
    assert [str(r) if isinstance(r, ReadError) else r.body for r in results] == [
        f"{path}:1: not UTF-8 text (invalid byte 0xe9 at byte 13)",
        f"{path}:2: line is 213 bytes, over the 100-byte limit (INTELGRAPH_MAX_DOCUMENT_BYTES)",
        "ok",
    ]


def test_empty_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    assert str(error(path)) == f"{path}: empty corpus (no JSON lines)"


# -- HTML --------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Leaders meet at the border | Example News</title>
<meta property="og:title" content="Leaders meet at the border">
<meta property="article:published_time" content="2021-03-04T10:00:00Z">
<meta property="og:site_name" content="Example News">
<link rel="canonical" href="https://news.example.org/leaders-meet">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news menu</a></li>
<li><a href="/subscribe">Subscribe to our newsletter</a></li></ul></nav>
<article>
<h1>Leaders meet at the border</h1>
<p>The presidents of Freedonia and Sylvania met on Tuesday at the border crossing to discuss trade and
security, officials said after the meeting.</p>
<p>“We have agreed to reopen the crossing,” said the Freedonian foreign minister, Ana Pérez, after the talks
ended late in the evening.</p>
<p>The two countries share a 500-kilometer border that was closed in 2019 after a dispute over fishing.</p>
</article>
<footer><p>Copyright 2021 Example News. All rights reserved. Privacy policy and cookie settings.</p></footer>
</body></html>
"""


def test_html_main_text_without_navigation_and_metadata_from_the_page(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = one(path)
    assert "The presidents of Freedonia and Sylvania met on Tuesday" in doc.body
    assert (
        "“We have agreed to reopen the crossing,” said the Freedonian foreign minister, Ana Pérez" in doc.body
    )
    assert "500-kilometer border" in doc.body
    for boilerplate in ("Home", "World news menu", "Subscribe", "Copyright", "Privacy policy"):
        assert boilerplate not in doc.body
    assert doc.title == "Leaders meet at the border"
    assert doc.published == "2021-03-04"
    assert doc.url == "https://news.example.org/leaders-meet"
    assert doc.source == "Example News"


def test_html_in_a_declared_legacy_charset(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(
        PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"')
        .replace("“", '"')
        .replace("”", '"')
        .encode("latin-1")
    )
    assert "Ana Pérez" in one(path).body


def test_html_without_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text(
        "<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>", encoding="utf-8"
    )
    assert str(error(path)) == f"{path}: no main text found in the HTML page"


# -- hostile and faulty input: one error per file or line, the rest still read ---------------------


def docs_and_errors(results: list[SourceDocument | ReadError]) -> tuple[list[str], list[str]]:
    return (
        [r.body for r in results if isinstance(r, SourceDocument)],
        [str(r) for r in results if isinstance(r, ReadError)],
    )


def test_a_bad_date_in_front_matter_is_an_error_on_its_line_and_the_other_files_load(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: A\npublished: 2022-13-45\n---\nBody A.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\npublished: 2022-02-03\n---\nBody B.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Body C.", encoding="utf-8")
    bodies, errors = docs_and_errors(read(tmp_path))
    assert bodies == ["Body B.\n", "Body C."]
    assert errors == [
        f"{tmp_path / 'a.md'}:3: published '2022-13-45' is not a valid date (month must be in 1..12)"
    ]
    [err] = read(tmp_path / "a.md")
    assert isinstance(err, ReadError)
    assert (err.path, err.line) == (str(tmp_path / "a.md"), 3)


def test_other_yaml_dates_that_do_not_exist_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\nupdated: 2022-02-30\npublished: 2022-02-03\n---\nBody.\n", encoding="utf-8")
    doc = one(path)
    assert (doc.published, doc.metadata) == ("2022-02-03", {"updated": "2022-02-30"})


def test_jsonl_nested_deeper_than_64_is_an_error_for_that_line_only(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    deep = '{"text": "deep", "x": ' + "[" * 5000 + "]" * 5000 + "}"
    just_too_deep = '{"text": "65", "x": ' + "[" * 64 + "]" * 64 + "}"  # 65 levels with the object
    deepest_allowed = '{"text": "64", "x": ' + "[" * 63 + "]" * 63 + "}"
    path.write_text(
        "\n".join([deep, '{"text": "fine"}', just_too_deep, deepest_allowed]) + "\n", encoding="utf-8"
    )
    bodies, errors = docs_and_errors(read(path))
    assert bodies == ["fine", "64"]
    assert errors == [
        f"{path}:1: JSON nested more than 64 levels deep",
        f"{path}:3: JSON nested more than 64 levels deep",
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be", "utf-8-sig"])
def test_text_with_a_byte_order_mark_is_decoded(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "a.md"
    text = "---\ntitle: Bogotá\n---\nPetro met Maduro in Bogotá.\n"
    data = text.encode(encoding)
    if encoding.endswith("-be"):
        data = ("\ufeff" + text).encode(encoding)  # the -be codecs write no mark of their own
    path.write_bytes(data)
    doc = one(path)
    assert (doc.title, doc.body) == ("Bogotá", "Petro met Maduro in Bogotá.\n")


def test_utf16_without_a_mark_is_still_refused_and_a_broken_utf16_names_the_byte(tmp_path: Path) -> None:
    bare = tmp_path / "bare.txt"
    bare.write_bytes("hello".encode("utf-16-le"))
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\xff\xfeh\x00\x00\xd8")  # a lone high surrogate
    assert str(error(bare)) == f"{bare}: binary file (contains NUL bytes), not text"
    assert str(error(broken)).startswith(
        f"{broken}: not UTF-16-LE text, though it starts with that byte-order mark"
    )


def test_utf16_jsonl_is_read_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_bytes('{"text": "one"}\n{bad\n{"text": "three"}\n'.encode("utf-16"))
    bodies, errors = docs_and_errors(read(path))
    assert bodies == ["one", "three"]
    assert errors == [
        f"{path}:2: invalid JSON (Expecting property name enclosed in double quotes at column 2)"
    ]


ALIAS_BOMB = """---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
---
Body.
"""


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "bomb.md"
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    (tmp_path / "z.txt").write_text("After the bomb.", encoding="utf-8")
    assert len(ALIAS_BOMB.split("---")[1].encode()) < 400
    started = time.perf_counter()
    results = read(tmp_path)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, elapsed
    bodies, errors = docs_and_errors(results)
    assert bodies == ["After the bomb."]
    assert errors == [
        f"{path}:2: malformed front matter: anchors and aliases (&, *) are not allowed in front matter"
    ]


def test_front_matter_size_and_nesting_are_capped(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_text("---\nnotes: '" + "x" * 70_000 + "'\n---\nBody.\n", encoding="utf-8")
    deep = tmp_path / "deep.md"
    deep.write_text("---\nx: " + "[" * 100 + "]" * 100 + "\n---\nBody.\n", encoding="utf-8")
    assert str(error(big)) == f"{big}:1: front matter is 70,010 bytes, over the 65,536-byte limit"
    assert str(error(deep)) == f"{deep}:2: malformed front matter: nested more than 64 levels deep"


def test_url_must_be_http_or_https(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: T\nurl: javascript:alert(1)\n---\nBody.\n", encoding="utf-8")
    good = tmp_path / "good.md"
    good.write_text("---\nurl: HTTPS://example.org/a\n---\nBody.\n", encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"text": "x", "url": "file:///etc/passwd"}) + "\n", encoding="utf-8")
    assert str(error(bad)) == f"{bad}:3: url 'javascript:alert(1)' is not an http(s) URL"
    assert one(good).url == "HTTPS://example.org/a"
    assert str(error(corpus)) == f"{corpus}:1: url 'file:///etc/passwd' is not an http(s) URL"


def test_fifos_are_errors_not_hangs(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_text("Fine.", encoding="utf-8")
    assert [str(r) if isinstance(r, ReadError) else r.body for r in read(tmp_path)] == [
        "Fine.",
        f"{tmp_path / 'pipe.txt'}: not a regular file (a FIFO)",
    ]
    assert str(error(tmp_path / "pipe.txt")) == f"{tmp_path / 'pipe.txt'}: not a regular file (a FIFO)"


def read_without_privileges(*paths: Path) -> list[str]:
    """Read as an unprivileged user (root reads everything, so permissions are tested as nobody).

    A forked child drops to nobody and reads with the code already imported here, so it needs no
    access to the checkout or the venv (a fresh clone may sit in a folder only root can enter)."""

    def as_text() -> list[str]:
        return [str(r) if isinstance(r, ReadError) else r.body for r in read(*paths)]

    if os.geteuid() != 0:
        return as_text()
    read(Path(__file__))  # import everything the readers use lazily, before dropping privileges
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop to nobody, read, report, exit without running pytest's atexit
        code = 0
        try:
            os.close(rfd)
            os.setgroups([])
            os.setresgid(65534, 65534, 65534)
            os.setresuid(65534, 65534, 65534)
            payload = json.dumps(as_text()).encode()
        except BaseException as exc:
            payload, code = json.dumps({"error": repr(exc)}).encode(), 1
        with os.fdopen(wfd, "wb") as out:
            out.write(payload)
        os._exit(code)
    os.close(wfd)
    with os.fdopen(rfd, "rb") as source:
        result = json.loads(source.read())
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, result
    return list(result)


def test_unreadable_files_and_folders_are_errors_and_the_rest_is_read() -> None:
    root = Path(tempfile.mkdtemp(prefix="intelgraph-perm-"))
    try:
        root.chmod(0o755)
        (root / "a.txt").write_text("A.", encoding="utf-8")
        (root / "locked").mkdir()
        (root / "locked" / "x.txt").write_text("X.", encoding="utf-8")
        (root / "locked").chmod(0o700)
        (root / "secret.md").write_text("S.", encoding="utf-8")
        (root / "secret.md").chmod(0o600)
        (root / "z.txt").write_text("Z.", encoding="utf-8")
        if os.geteuid() == 0:
            os.chown(root / "locked", 0, 0)
        assert read_without_privileges(root, root / "secret.md", root / "z.txt") == [
            "A.",
            f"{root / 'locked'}: cannot read folder (Permission denied)",
            f"{root / 'secret.md'}: cannot read file (Permission denied)",
            "Z.",
            f"{root / 'secret.md'}: cannot read file (Permission denied)",
            "Z.",
        ]
    finally:
        shutil.rmtree(root)


def test_a_document_over_the_character_limit_is_a_clear_error_not_e088() -> None:
    from app.settings import get_settings
    from importers.extract_pool import ExtractionFailure, extract_chunk
    from importers.pipeline import DocumentTooLongError, Extractor

    extractor = Extractor(get_settings().spacy_model, max_length=40)
    long = SourceDocument(body="Petro met Maduro in Caracas on Monday, at length.", path="long.txt")
    with pytest.raises(DocumentTooLongError) as raised:
        extractor.extract(long)
    message = "document is 49 characters, over the 40-character limit (INTELGRAPH_MAX_DOCUMENT_BYTES)"
    assert str(raised.value) == message
    short = SourceDocument(body="Petro met Maduro.", path="short.txt")
    first, second = extract_chunk(extractor, [long, short])
    assert isinstance(first, ExtractionFailure) and str(first) == f"long.txt: {message}"
    assert not isinstance(second, ExtractionFailure) and second.text == "Petro met Maduro."
