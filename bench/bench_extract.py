"""Extraction throughput against bare spaCy, on a synthetic corpus of at least 1 MB.

Two phases, each in a fresh Python process so that its peak memory (ru_maxrss) is its own:
- `bare`: `nlp.pipe` of the same spaCy model over the same texts (tokenizer, tagger, parser, NER);
- `full`: `Extractor.extract_many` over the same documents (spaCy plus every rule stage and the
  contract assembly).
Model loading is timed apart and not counted in throughput. The result that matters is the ratio
full / bare in tokens per second (target >= 0.60: the rules may cost at most 40% on top of spaCy).
The full phase also scores a sample of the synthetic articles against their generated truth.

Usage: python -m bench.bench_extract [--mb 1.0] [--batch-size 32] [--score-sample 200]
Results are printed and written to bench/results/extract.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

if not __package__:  # run as a script (`make bench` does): the project root must be importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth import generate, generate_with_truth

RESULTS = Path(__file__).resolve().parent / "results" / "extract.json"
TARGET_RATIO = 0.60


def corpus(min_bytes: int, seed: int = 0) -> list[Any]:
    """The smallest prefix of the seeded synthetic corpus holding at least `min_bytes` of UTF-8 text."""
    documents: list[Any] = []
    total = 0
    batch = 500
    while total < min_bytes:
        more = generate(len(documents) + batch, seed)[len(documents) :]
        for document in more:
            documents.append(document)
            total += len(document.body.encode("utf-8"))
            if total >= min_bytes:
                break
    return documents


def _maxrss_mb() -> float:
    # Linux reports kilobytes (macOS bytes; this bench runs on Linux).
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _model_name() -> str:
    from app.settings import get_settings

    return get_settings().spacy_model


def phase_bare(min_bytes: int, batch_size: int) -> dict[str, Any]:
    import spacy

    documents = corpus(min_bytes)
    texts = [d.body for d in documents]
    t0 = time.perf_counter()
    nlp = spacy.load(_model_name())
    load_s = time.perf_counter() - t0
    tokens = 0
    t0 = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=batch_size):
        tokens += len(doc)
    seconds = time.perf_counter() - t0
    return {
        "load_s": load_s,
        "seconds": seconds,
        "documents": len(texts),
        "tokens": tokens,
        "bytes": sum(len(t.encode("utf-8")) for t in texts),
        "peak_rss_mb": _maxrss_mb(),
    }


def phase_full(min_bytes: int, batch_size: int, score_sample: int) -> dict[str, Any]:
    from importers.pipeline import Extractor

    documents = corpus(min_bytes)
    t0 = time.perf_counter()
    extractor = Extractor(_model_name())
    extractor.extract(documents[0])  # pipelines may load lazily: warm up outside the timed loop
    load_s = time.perf_counter() - t0
    count = entities = statements = events = 0
    t0 = time.perf_counter()
    for extraction in extractor.extract_many(documents, batch_size=batch_size):
        count += 1
        entities += len(extraction.entities)
        statements += len(extraction.statements)
        events += len(extraction.events)
    seconds = time.perf_counter() - t0
    result: dict[str, Any] = {
        "load_s": load_s,
        "seconds": seconds,
        "documents": count,
        "entities": entities,
        "statements": statements,
        "events": events,
        "peak_rss_mb": _maxrss_mb(),
    }
    if score_sample:
        result["synthetic_quality"] = _score_sample(extractor, score_sample)
    return result


def _score_sample(extractor: Any, n: int) -> dict[str, Any]:
    from importers.evaluate import EvalReport, Gold, score_document

    pairs = generate_with_truth(n, seed=0)
    results = []
    for document, truth in pairs:
        results.append(score_document(Gold.model_validate(truth), extractor.extract(document)))
    report = EvalReport(results)
    return {
        "documents": n,
        "micro": report.micro.as_dict(),
        "categories": {c: counts.as_dict() for c, counts in report.totals().items()},
    }


def _run_phase(name: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "bench.bench_extract",
        "--phase",
        name,
        "--mb",
        str(args.mb),
        "--batch-size",
        str(args.batch_size),
        "--score-sample",
        str(args.score_sample),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, check=False, cwd=Path(__file__).resolve().parent.parent
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"phase {name} failed (exit {done.returncode})")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description="Extraction throughput against bare spaCy.")
    parser.add_argument("--mb", type=float, default=1.0, help="corpus size in MB of text (default 1.0)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--score-sample", type=int, default=200, help="synthetic articles to score (0: none)")
    parser.add_argument("--phase", choices=["bare", "full"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    min_bytes = int(args.mb * 1024 * 1024)

    if args.phase == "bare":
        print(json.dumps(phase_bare(min_bytes, args.batch_size)))
        return
    if args.phase == "full":
        print(json.dumps(phase_full(min_bytes, args.batch_size, args.score_sample)))
        return

    bare = _run_phase("bare", args)
    full = _run_phase("full", args)
    tokens = bare["tokens"]
    bare_tps = tokens / bare["seconds"]
    full_tps = tokens / full["seconds"]  # same texts, same tokenizer: the same token count
    result = {
        "model": _model_name(),
        "machine": {
            "python": platform.python_version(),
            "processor": platform.processor() or platform.machine(),
        },
        "corpus": {"documents": bare["documents"], "bytes": bare["bytes"], "tokens": tokens, "seed": 0},
        "batch_size": args.batch_size,
        "bare_spacy": {
            "tokens_per_s": round(bare_tps),
            "docs_per_s": round(bare["documents"] / bare["seconds"], 1),
            "seconds": round(bare["seconds"], 2),
            "load_s": round(bare["load_s"], 2),
            "peak_rss_mb": round(bare["peak_rss_mb"]),
        },
        "extractor": {
            "tokens_per_s": round(full_tps),
            "docs_per_s": round(full["documents"] / full["seconds"], 1),
            "seconds": round(full["seconds"], 2),
            "load_s": round(full["load_s"], 2),
            "peak_rss_mb": round(full["peak_rss_mb"]),
            "entities": full["entities"],
            "statements": full["statements"],
            "events": full["events"],
        },
        "ratio_full_over_bare": round(full_tps / bare_tps, 3),
        "target_ratio": TARGET_RATIO,
    }
    if "synthetic_quality" in full:
        result["synthetic_quality"] = full["synthetic_quality"]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    print(
        f"corpus: {bare['documents']} documents, {bare['bytes'] / 1e6:.2f} MB, {tokens:,} tokens "
        f"({result['model']})"
    )
    print(f"{'':14}{'tokens/s':>10}{'docs/s':>9}{'seconds':>9}{'peak MB':>9}")
    for name, row in (("bare nlp.pipe", result["bare_spacy"]), ("extractor", result["extractor"])):
        print(
            f"{name:14}{row['tokens_per_s']:>10,}{row['docs_per_s']:>9}{row['seconds']:>9}{row['peak_rss_mb']:>9}"
        )
    verdict = "meets" if result["ratio_full_over_bare"] >= TARGET_RATIO else "BELOW"
    print(
        f"ratio extractor / bare: {result['ratio_full_over_bare']:.3f} "
        f"({verdict} the {TARGET_RATIO:.2f} target)"
    )
    if "synthetic_quality" in result:
        micro = result["synthetic_quality"]["micro"]
        print(
            f"synthetic sample ({result['synthetic_quality']['documents']} docs): "
            f"micro P {micro['precision']:.3f} "
            f"R {micro['recall']:.3f} F1 {micro['f1']:.3f}"
        )
    print(f"written to {RESULTS.relative_to(RESULTS.parent.parent.parent)}")


if __name__ == "__main__":
    main()
