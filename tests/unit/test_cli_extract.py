"""`intelgraph extract` and `intelgraph eval` through typer's CliRunner: exit codes, messages naming
the file (and line), JSON shape of the contract, on small invented articles."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from app.cli import extract as extract_cli
from importers.contract import DocumentMeta, Extraction, Sentence
from importers.readers import SourceDocument

ARTICLE = (
    "Peru and Chile agreed on Monday to reopen their shared border, officials said.\n"
    "Peruvian Foreign Minister Ana Morales said the crossing would open next week.\n"
    "“This is a good day for both nations,” said Morales.\n"
)
FRONT = '---\ntitle: "Border to reopen"\npublished: 2031-05-06\nsource: Invented Wire\nlicense: none\n---\n'


@pytest.fixture(scope="module")
def cli() -> typer.Typer:
    app = typer.Typer()
    extract_cli.register(app)
    return app


def run(cli: typer.Typer, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "border.md"
    path.write_text(FRONT + ARTICLE, encoding="utf-8")
    return path


# -- extract -----------------------------------------------------------------------------------


def test_extract_json_prints_one_contract_object(cli: typer.Typer, article: Path) -> None:
    code, out, err = run(cli, "extract", str(article), "--json")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 1
    raw = json.loads(lines[0])
    assert raw["contract"] == 1
    assert set(raw) >= {"contract", "document", "sentences", "entities", "relations", "statements", "events"}
    extraction = Extraction.model_validate(raw)
    assert extraction.text == ARTICLE
    assert extraction.check_spans(ARTICLE) == []
    assert extraction.document.title == "Border to reopen"
    assert extraction.document.published == "2031-05-06"
    assert extraction.document.source == "Invented Wire"
    assert extraction.document.path == str(article)
    assert extraction.sentences[0].text == ARTICLE.splitlines()[0]
    countries = {e.properties.get("iso3") for e in extraction.entities if e.type == "Country"}
    assert {"PER", "CHL"} <= countries
    assert "Ana Morales" in {e.name for e in extraction.entities if e.type == "Person"}
    assert "1 document extracted" in err


def test_extract_several_documents_gives_json_lines_in_path_order(cli: typer.Typer, tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(
        "Kenya and Uganda signed a trade agreement on Friday.\n", encoding="utf-8"
    )
    (tmp_path / "a.txt").write_text("Norway's prime minister visited Sweden on Tuesday.\n", encoding="utf-8")
    corpus = tmp_path / "more.jsonl"
    corpus.write_text(
        json.dumps({"id": "x", "text": "Ghana recalled its ambassador to Togo."}) + "\n", encoding="utf-8"
    )
    code, out, err = run(cli, "extract", str(tmp_path), "--json")
    assert code == 0, err
    docs = [Extraction.model_validate_json(line) for line in out.strip().splitlines()]
    assert [d.document.path for d in docs] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        f"{corpus}:1",
    ]
    assert "3 documents extracted" in err


def test_published_option_overrides_front_matter(cli: typer.Typer, article: Path) -> None:
    code, out, _ = run(cli, "extract", str(article), "--json", "--published", "2031-06-01")
    assert code == 0
    assert Extraction.model_validate_json(out.strip()).document.published == "2031-06-01"


@pytest.mark.parametrize("bad", ["2031-13-01", "yesterday", "2031-02-30"])
def test_bad_published_option_is_a_usage_error(cli: typer.Typer, article: Path, bad: str) -> None:
    code, out, err = run(cli, "extract", str(article), "--published", bad)
    assert code == 2
    assert out == ""
    assert "is not a date; expected YYYY-MM-DD" in " ".join(err.replace("│", " ").split())


def test_bad_files_are_reported_and_the_rest_processed(
    cli: typer.Typer, tmp_path: Path, article: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Peru y Bogotá".encode("latin-1"))
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"text": "Chile welcomed the decision."}) + "\n{oops\n", encoding="utf-8")
    missing = tmp_path / "missing.md"
    code, out, err = run(cli, "extract", str(tmp_path), str(missing), "--json")
    assert code == 1
    assert len(out.strip().splitlines()) == 2  # the article and the good corpus line
    assert f"error: {empty}: empty document" in err
    assert f"error: {latin}: not UTF-8 text" in err
    assert f"error: {corpus}:2: invalid JSON" in err
    assert f"error: {missing}: no such file or folder" in err
    assert "2 documents extracted" in err and "; 4 failed" in err


def test_nothing_to_read_exits_1(cli: typer.Typer, tmp_path: Path) -> None:
    code, out, err = run(cli, "extract", str(tmp_path))
    assert code == 1
    assert out == ""
    assert f"error: no documents found in {tmp_path}" in err


def test_human_summary(cli: typer.Typer, article: Path) -> None:
    code, out, _ = run(cli, "extract", str(article))
    assert code == 0
    assert "Border to reopen" in out
    assert "Entities" in out
    assert "Ana Morales" in out


class _Fragile:
    """An extractor that fails on one document, to show a bug on odd input does not sink the batch."""

    def extract(self, document: SourceDocument) -> Extraction:
        if "crash" in document.body:
            raise ValueError("boom")
        return Extraction(
            document=DocumentMeta(id="doc:x", path=document.path),
            sentences=[Sentence(index=0, start=0, end=len(document.body), text=document.body)],
        )

    def extract_many(self, documents: Iterable[SourceDocument], **_: int) -> Iterator[Extraction]:
        for document in documents:
            yield self.extract(document)


def test_an_extractor_failure_names_the_document_and_the_batch_goes_on(
    cli: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extract_cli, "load_extractor", _Fragile)
    (tmp_path / "a.txt").write_text("fine", encoding="utf-8")
    (tmp_path / "b.txt").write_text("crash", encoding="utf-8")
    (tmp_path / "c.txt").write_text("fine too", encoding="utf-8")
    code, out, err = run(cli, "extract", str(tmp_path), "--json")
    assert code == 1
    assert [json.loads(line)["text"] for line in out.strip().splitlines()] == ["fine", "fine too"]
    assert f"error: {tmp_path / 'b.txt'}: extraction failed (ValueError: boom)" in err


def _no_model(model: str, max_length: int) -> object:
    raise OSError(f"[E050] Can't find model '{model}'")


def test_unavailable_extractor_is_a_clear_error(
    cli: typer.Typer, article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extract_cli, "_cached_extractor", _no_model)
    code, _, err = run(cli, "extract", str(article))
    assert code == 2
    assert "error: cannot load the spaCy model" in err and "INTELGRAPH_SPACY_MODEL" in err


# -- eval --------------------------------------------------------------------------------------


@pytest.fixture
def gold_dir(tmp_path: Path, article: Path) -> Path:
    gold = {
        "document": article.name,
        "published": "2031-05-06",
        "people": [
            {"name": "Ana Morales", "aliases": ["Morales"],
             "offices": [{"title": "Foreign Minister", "country_or_org": "Peru"}]},
        ],
        "countries": ["Peru", "Chile"],
        "organizations": [],
        "borders": [],
        "statements": [
            {"speaker": "Ana Morales", "text_starts_with": "This is a good day", "kind": "direct"},
        ],
        "events": [{"type": "reopen_border", "actors": ["Peru", "Chile"], "date": None, "date_text": None}],
    }  # fmt: skip
    (tmp_path / "border.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path


def test_eval_prints_scores_per_category(cli: typer.Typer, gold_dir: Path) -> None:
    code, out, err = run(cli, "eval", str(gold_dir))
    assert code == 0, err
    for word in ("people", "countries", "offices", "borders", "statements", "events", "micro-average",
                 "organizations (not scored)", "border.gold.json"):  # fmt: skip
        assert word in out


def test_eval_json_and_verbose(cli: typer.Typer, gold_dir: Path) -> None:
    code, out, _ = run(cli, "eval", str(gold_dir), "--json")
    assert code == 0
    report = json.loads(out)
    assert set(report["categories"]) == {"people", "countries", "offices", "borders", "statements", "events"}
    assert report["categories"]["countries"]["tp"] == 2
    assert report["categories"]["people"]["tp"] == 1
    assert 0.0 <= report["micro"]["f1"] <= 1.0
    assert report["documents"][0]["document"].endswith("border.md")
    code, out, _ = run(cli, "eval", str(gold_dir), "--verbose")
    assert code == 0
    assert "border.gold.json" in out


def test_eval_fail_under(cli: typer.Typer, gold_dir: Path) -> None:
    code, _, err = run(cli, "eval", str(gold_dir), "--fail-under", "1.0")
    micro = json.loads(run(cli, "eval", str(gold_dir), "--json")[1])["micro"]["f1"]
    assert code == (0 if micro >= 1.0 else 1)
    if code:
        assert "is below --fail-under 1.000" in err


def test_eval_bad_folder_and_bad_gold(cli: typer.Typer, tmp_path: Path, gold_dir: Path) -> None:
    code, _, err = run(cli, "eval", str(tmp_path / "nope"))
    assert code == 2
    assert f"error: {tmp_path / 'nope'}: no such folder" in err
    (gold_dir / "broken.gold.json").write_text('{"document": 3}', encoding="utf-8")
    code, out, err = run(cli, "eval", str(gold_dir))
    assert code == 1
    assert "micro-average" in out
    assert f"error: {gold_dir / 'broken.gold.json'}: not a gold annotation (document:" in err
