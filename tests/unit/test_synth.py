"""The synthetic news generator used by the benches: deterministic, and its truth matches its text."""

from __future__ import annotations

from pathlib import Path

from bench.synth import generate, generate_with_truth, write_corpus
from importers.evaluate import gold_files, load_gold
from importers.readers import SourceDocument, iter_documents


def test_same_seed_same_documents_and_different_seed_different_ones() -> None:
    assert generate(30, seed=5) == generate(30, seed=5)
    assert [d.body for d in generate(5, seed=5)] != [d.body for d in generate(5, seed=6)]


def test_truth_names_what_the_text_says() -> None:
    for document, truth in generate_with_truth(40, seed=1):
        assert document.published == truth["published"]
        for person in truth["people"]:
            assert person["name"] in document.body
        for country in truth["countries"]:
            assert country in document.body
        for statement in truth["statements"]:
            assert statement["text_starts_with"] in document.body
        for border in truth["borders"]:
            assert f"{border['length_km']:,}-kilometer" in document.body


def test_written_corpus_reads_back_and_is_valid_gold(tmp_path: Path) -> None:
    write_corpus(tmp_path, 3, seed=2)
    documents = list(iter_documents([tmp_path]))
    assert all(isinstance(d, SourceDocument) for d in documents)
    assert [d.body for d in documents if isinstance(d, SourceDocument)] == [
        d.body for d in generate(3, seed=2)
    ]
    assert len([load_gold(p) for p in gold_files(tmp_path)]) == 3
