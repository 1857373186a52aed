"""``make bench``: speed measured as ratios taken in one run (this machine is shared and noisy).

The floor is spaCy itself: a fresh process that loads only the ``ner`` component and runs
``nlp.pipe(paragraphs, batch_size=64)`` over the same text.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "sources" / "csto-perspectives.txt"

FLOOR_SCRIPT = """
import json, sys, time
start = time.perf_counter()
import spacy
from pipeline.extract import extract_document
from pathlib import Path
document = extract_document(Path(sys.argv[1]))
paragraphs = [document.text[p.start:p.end] for p in document.paragraphs]
nlp = spacy.load(sys.argv[2], exclude=[n for n in ("tok2vec", "tagger", "parser", "attribute_ruler",
                 "lemmatizer", "senter") ])
loaded = time.perf_counter()
tokens = sum(len(doc) for doc in nlp.pipe(paragraphs, batch_size=64))
done = time.perf_counter()
print(json.dumps({"total": done - start, "pipe": done - loaded, "tokens": tokens}))
"""

ANNOTATE_SCRIPT = """
import json, sys, time
from pathlib import Path
from pipeline.extract import extract_document
from pipeline.cite import cite_document
from pipeline.cite.references import parse_references
from pipeline.annotate import annotate_entities
from pipeline.nlp import load_nlp
document = extract_document(Path(sys.argv[1]))
citations = cite_document(document, parse_references(document))
nlp = load_nlp(sys.argv[2])
start = time.perf_counter()
entities, clusters = annotate_entities(document, citations, nlp=nlp)
done = time.perf_counter()
tokens = sum(len(d) for d in nlp.tokenizer.pipe([document.text[p.start:p.end] for p in document.paragraphs]))
print(json.dumps({"seconds": done - start, "tokens": tokens}))
"""


def _python(script: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", script, *args], check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _timed(command: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True, cwd=ROOT, **kwargs)
    return time.perf_counter() - start


def _annocite(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def bench_check_vs_floor(model: str, work: Path) -> tuple[float, float]:
    floor = _python(FLOOR_SCRIPT, str(SEED), model)["total"]
    out = work / "check"
    check = _timed(
        _annocite("check", str(SEED), "--annotations", str(out / "ann"), "--outputs", str(out), "--quiet", "--force")
    )
    return check, floor


def bench_cache(work: Path) -> tuple[float, float]:
    out = work / "cache"
    args = _annocite("run", str(SEED), "--annotations", str(out / "ann"), "--outputs", str(out), "--quiet")
    first = _timed(args)
    second = _timed(args)
    return second, first


def bench_tokens(model: str) -> tuple[float, float]:
    ours = _python(ANNOTATE_SCRIPT, str(SEED), model)
    floor = _python(FLOOR_SCRIPT, str(SEED), model)
    return ours["tokens"] / ours["seconds"], floor["tokens"] / floor["pipe"]


def _corpus(work: Path, count: int) -> Path:
    """The development JATS papers rendered as plain drafts (repeated to reach ``count``)."""
    from pipeline.evaluate.jats_gold import render_draft

    jats = sorted((ROOT.parent / "shared" / "corpus-dev" / "jats").glob("*.xml"))
    folder = work / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        source = jats[i % len(jats)]
        draft = render_draft(source.read_bytes())
        (folder / f"{i:02d}-{source.stem}.txt").write_text(draft.text, encoding="utf-8")
    return folder


def bench_jobs(work: Path, count: int = 30) -> tuple[float, float]:
    corpus = _corpus(work, count)
    times = {}
    for jobs in (1, 2):
        out = work / f"jobs{jobs}"
        times[jobs] = _timed(
            _annocite(
                "run",
                str(corpus),
                "--jobs",
                str(jobs),
                "--annotations",
                str(out / "ann"),
                "--outputs",
                str(out),
                "--quiet",
                "--force",
            )
        )
    return times[1], times[2]


PDF_SCRIPT = """
import json, resource, sys, time
from pathlib import Path
from pypdf import PdfReader
from pipeline.extract import extract_document
results = []
for name in sys.argv[1:]:
    path = Path(name)
    pages = len(PdfReader(path).pages)
    start = time.perf_counter()
    extract_document(path)
    results.append({"file": path.name, "pages": pages, "seconds": time.perf_counter() - start})
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"files": results, "peak_mb": peak}))
"""


def bench_pdf() -> dict:
    pdfs = sorted((ROOT.parent / "shared" / "corpus-dev" / "pdf").glob("*.pdf"), key=lambda p: p.stat().st_size)
    return _python(PDF_SCRIPT, *map(str, pdfs))


def main() -> None:
    from pipeline.config import load_config

    model = load_config(ROOT).model
    print("annocite bench — ratios measured in this run (lower is better unless marked)")
    with tempfile.TemporaryDirectory(prefix="annocite-bench-") as tmp:
        work = Path(tmp)
        check, floor = bench_check_vs_floor(model, work)
        print(
            f"check seed / spaCy NER floor (fresh processes): {check / floor:5.2f}  "
            f"({check:.2f}s vs {floor:.2f}s; target <= 1.3)"
        )
        second, first = bench_cache(work)
        print(
            f"cached re-run / first run:                      {second / first:5.2f}  "
            f"({second:.2f}s vs {first:.2f}s; target <= 0.1)"
        )
        ours, theirs = bench_tokens(model)
        print(
            f"annotate tokens/s / floor tokens/s (higher):    {ours / theirs:5.2f}  "
            f"({ours:,.0f} vs {theirs:,.0f} tokens/s; target >= 0.8)"
        )
        if os.environ.get("ANNOCITE_BENCH_SKIP_JOBS") != "1":
            one, two = bench_jobs(work)
            print(
                f"--jobs 1 / --jobs 2 over 30 papers (higher):    {one / two:5.2f}  "
                f"({one:.1f}s vs {two:.1f}s; target >= 1.5)"
            )
        pdf = bench_pdf()
        pages = sum(f["pages"] for f in pdf["files"])
        seconds = sum(f["seconds"] for f in pdf["files"])
        print(f"PDF extraction: {pages / seconds:5.1f} pages/s over {pages} pages; peak memory {pdf['peak_mb']:.0f} MB")
        for item in pdf["files"]:
            print(f"  {item['file']:<40} {item['pages']:>3} pages  {item['pages'] / item['seconds']:6.1f} pages/s")


if __name__ == "__main__":
    main()
