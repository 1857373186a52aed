"""``make bench``: speed measured as ratios taken in one run (this machine is shared and noisy).

The floor is spaCy itself: a fresh process that loads only the ``ner`` component and runs
``nlp.pipe(paragraphs, batch_size=64)`` over the same text our NER reads (the seed's paragraphs outside the
reference list, citations masked). Every timing of a fresh process is wall-clock, interpreter start included;
short measurements are repeated and the fastest kept (noise only ever adds time).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "sources" / "csto-perspectives.txt"
REPEATS = 3
TOKEN_REPEATS = 7
CORPUS_SIZE = 30
GENERATED_PAGES = 100

FLOOR_SCRIPT = """
import json, sys, time
import spacy
paragraphs = json.loads(open(sys.argv[1], encoding="utf-8").read())
nlp = spacy.load(sys.argv[2], exclude=json.loads(sys.argv[3]))
times = []
for _ in range(int(sys.argv[4])):
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(paragraphs, batch_size=64))
    times.append(time.perf_counter() - start)
print(json.dumps({"pipe": min(times), "tokens": tokens}))
"""

# The annotate stage's own work (entities, clusters, dates) on an already cited seed vs the floor's nlp.pipe over
# the same paragraphs, alternated in one process (so both see the same machine moments); fastest of each.
ANNOTATE_SCRIPT = """
import json, sys, time
from pathlib import Path
import spacy
from pipeline.annotate import annotate_entities
from pipeline.annotate.dates import find_dates
from pipeline.nlp import load_nlp
from pipeline.runner import Cache, cite_stage
cited, _key = cite_stage(Path(sys.argv[1]), Cache(Path(sys.argv[2])))
paragraphs = json.loads(open(sys.argv[3], encoding="utf-8").read())
ours = load_nlp(sys.argv[4])
floor = spacy.load(sys.argv[4], exclude=json.loads(sys.argv[5]))
times = {"ours": [], "floor": []}
for _ in range(int(sys.argv[6])):
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in floor.pipe(paragraphs, batch_size=64))
    times["floor"].append(time.perf_counter() - start)
    start = time.perf_counter()
    annotate_entities(cited.document, cited.citations, nlp=ours)
    find_dates(cited.document, cited.citations)
    times["ours"].append(time.perf_counter() - start)
print(json.dumps({"ours": min(times["ours"]), "floor": min(times["floor"]), "tokens": tokens}))
"""

# The cite stage (reference parsing with the field tagger, citation finding, linking) beside the other stages of a
# run over the same drafts, in one process: extract, cite, annotate (entities and dates).
CITE_SCRIPT = """
import json, sys, time
from pathlib import Path
from pipeline.annotate import annotate_entities
from pipeline.annotate.dates import find_dates
from pipeline.cite import cite_document
from pipeline.cite.references import parse_references
from pipeline.extract import extract_document
from pipeline.nlp import load_nlp
nlp = load_nlp(sys.argv[2])
drafts = sorted(Path(sys.argv[1]).glob("*.txt"))
seconds = {"extract": 0.0, "references": 0.0, "citations": 0.0, "annotate": 0.0}
references = 0
for draft in drafts:
    start = time.perf_counter()
    document = extract_document(draft)
    parsed = time.perf_counter()
    refs = parse_references(document)
    linked = time.perf_counter()
    citations = cite_document(document, refs)
    annotating = time.perf_counter()
    annotate_entities(document, citations, nlp=nlp)
    find_dates(document, citations)
    done = time.perf_counter()
    seconds["extract"] += parsed - start
    seconds["references"] += linked - parsed
    seconds["citations"] += annotating - linked
    seconds["annotate"] += done - annotating
    references += len(refs)
print(json.dumps({**seconds, "drafts": len(drafts), "reference_count": references}))
"""

PDF_SCRIPT = """
import json, resource, sys, time
from pathlib import Path
from pypdf import PdfReader
import pipeline.extract.pdf  # imported before the clock starts
from pipeline.extract import extract_document
path = Path(sys.argv[1])
pages = len(PdfReader(path).pages)
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start = time.perf_counter()
extract_document(path)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"file": path.name, "pages": pages, "seconds": seconds, "peak_mb": peak, "baseline_mb": baseline}))
"""


@dataclass(frozen=True)
class Ratio:
    """One measured ratio and its target (``higher`` says which side of the target passes)."""

    name: str
    value: float
    target: float
    higher: bool
    detail: str

    @property
    def passed(self) -> bool:
        return self.value >= self.target if self.higher else self.value <= self.target

    def line(self) -> str:
        sign = ">=" if self.higher else "<="
        verdict = "PASS" if self.passed else "FAIL"
        return f"{verdict}  {self.name:<44} {self.value:6.2f}  (target {sign} {self.target})  {self.detail}"


def shared_dir() -> Path:
    """The shared data folder: ``../shared`` beside the repository or its parent (or $ANNOCITE_SHARED)."""
    override = os.environ.get("ANNOCITE_SHARED")
    candidates = [Path(override)] if override else []
    candidates += [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    for candidate in candidates:
        if (candidate / "corpus-dev").is_dir():
            return candidate
    raise SystemExit("bench: shared data not found beside the repository (set ANNOCITE_SHARED)")


def _python(script: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", script, *args], check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _wall(command: list[str]) -> float:
    """Wall-clock seconds of a fresh process."""
    return _timed([command])[0]


def _timed(commands: list[list[str]]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (children included) of fresh processes run side by side.

    Each must succeed: exit 0, or 1 for a check that has findings.
    """
    with ExitStack() as stack:
        logs = [stack.enter_context(tempfile.TemporaryFile("w+")) for _ in commands]
        before, start = _children_cpu(), time.perf_counter()
        processes = [
            subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, text=True, cwd=ROOT, env=_env())
            for command, log in zip(commands, logs, strict=True)
        ]
        codes = [process.wait() for process in processes]
        seconds, cpu = time.perf_counter() - start, _children_cpu() - before
        for command, code, log in zip(commands, codes, logs, strict=True):
            if code not in (0, 1):
                log.seek(0)
                raise SystemExit(f"bench: {' '.join(command)} failed ({code}):\n{log.read()}")
    return seconds, cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _annocite(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args, "--quiet"]


def _fastest(measure: Callable[[int], float], repeats: int = REPEATS) -> float:
    return min(measure(i) for i in range(repeats))


def seed_paragraphs(work: Path) -> Path:
    """The texts our NER reads on the seed, as JSON (what the floor runs over)."""
    from pipeline.annotate.entities import annotated_paragraphs, mask_citations
    from pipeline.runner import Cache, cite_stage

    cited, _key = cite_stage(SEED, Cache(work / "prep-cache"))
    masked = mask_citations(cited.document, cited.citations)
    path = work / "paragraphs.json"
    path.write_text(json.dumps([masked[p.start : p.end] for p in annotated_paragraphs(cited.document)]))
    return path


def floor_command(paragraphs: Path, model: str, repeats: int = 1) -> list[str]:
    from pipeline.nlp import NOT_NEEDED_BY_NER

    return [sys.executable, "-c", FLOOR_SCRIPT, str(paragraphs), model, json.dumps(NOT_NEEDED_BY_NER), str(repeats)]


def bench_check(paragraphs: Path, model: str, work: Path) -> Ratio:
    """``check`` of the seed (a real, forced run) vs the floor, both fresh processes, alternated."""
    floors, checks = [], []
    for i in range(REPEATS):
        floors.append(_wall(floor_command(paragraphs, model)))
        out = work / f"check{i}"
        checks.append(
            _wall(_annocite("check", str(SEED), "--annotations", str(out / "ann"), "--outputs", str(out), "--force"))
        )
    check, floor = min(checks), min(floors)
    return Ratio("check seed / spaCy NER floor", check / floor, 1.3, False, f"{check:.2f}s vs {floor:.2f}s")


def bench_cache(work: Path) -> Ratio:
    """A re-run served from the cache vs a first run (empty outputs folder)."""

    def run(out: Path) -> float:
        return _wall(_annocite("run", str(SEED), "--annotations", str(out / "ann"), "--outputs", str(out)))

    first = _fastest(lambda i: run(work / f"cache{i}"), 2)
    second = _fastest(lambda i: run(work / "cache0"))
    return Ratio("cached re-run / first run", second / first, 0.1, False, f"{second:.2f}s vs {first:.2f}s")


def bench_graph(work: Path) -> Ratio:
    """Building the graph from existing annotation files vs producing those annotations (fresh run)."""
    from pipeline.graph.build import build_corpus_graph
    from pipeline.graph.cli import load_annotations

    out = work / "graph"
    annotate = _wall(_annocite("run", str(SEED), "--annotations", str(out / "ann"), "--outputs", str(out)))

    def build(_i: int) -> float:
        start = time.perf_counter()
        build_corpus_graph(load_annotations(out / "ann"))
        return time.perf_counter() - start

    graph = _fastest(build)
    return Ratio(
        "graph from annotations / annotate run", graph / annotate, 0.1, False, f"{graph:.2f}s vs {annotate:.2f}s"
    )


def bench_tokens(paragraphs: Path, model: str, work: Path) -> Ratio:
    from pipeline.nlp import NOT_NEEDED_BY_NER

    exclude = json.dumps(NOT_NEEDED_BY_NER)
    args = (str(SEED), str(work / "tokens-cache"), str(paragraphs), model, exclude, str(TOKEN_REPEATS))
    result = _python(ANNOTATE_SCRIPT, *args)
    mine, theirs = result["tokens"] / result["ours"], result["tokens"] / result["floor"]
    return Ratio(
        "annotate tokens/s / floor tokens/s",
        mine / theirs,
        0.8,
        True,
        f"{mine:,.0f} vs {theirs:,.0f} tokens/s over {result['tokens']:,} tokens",
    )


def bench_cite(model: str, work: Path) -> Ratio:
    """The cite stage's share of a run over the development papers (reference parsing, citations, linking)."""
    folder = corpus(work / "cite", count=len(list((shared_dir() / "corpus-dev" / "jats").glob("*.xml"))))
    result = _python(CITE_SCRIPT, str(folder), model)
    cite = result["references"] + result["citations"]
    total = cite + result["extract"] + result["annotate"]
    per_draft = {k: 1000 * result[k] / result["drafts"] for k in ("extract", "references", "citations", "annotate")}
    per_reference = 1000 * result["references"] / result["reference_count"]
    return Ratio(
        "cite stage / extract+cite+annotate",
        cite / total,
        0.2,
        False,
        f"per paper: extract {per_draft['extract']:.0f} ms, references {per_draft['references']:.0f} ms "
        f"({per_reference:.1f} ms each), citations+links {per_draft['citations']:.0f} ms, "
        f"annotate {per_draft['annotate']:.0f} ms",
    )


def corpus(work: Path, count: int = CORPUS_SIZE) -> Path:
    """The development JATS papers rendered as plain drafts (repeated to reach ``count``)."""
    from pipeline.evaluate.jats_gold import render_draft

    jats = sorted((shared_dir() / "corpus-dev" / "jats").glob("*.xml"))
    folder = work / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        source = jats[i % len(jats)]
        draft = render_draft(source.read_bytes())
        (folder / f"{i:02d}-{source.stem}.txt").write_text(draft.text, encoding="utf-8")
    return folder


def bench_jobs(paragraphs: Path, model: str, work: Path) -> Ratio:
    """``run --jobs 2`` vs ``--jobs 1`` over the corpus; beside it, what spaCy alone gains from a second process."""
    folder = corpus(work)
    times, cpu = {}, {}
    for jobs in (1, 2):
        out = work / f"jobs{jobs}"
        command = _annocite("run", str(folder), "--jobs", str(jobs), "--force")
        times[jobs], cpu[jobs] = _timed([[*command, "--annotations", str(out / "ann"), "--outputs", str(out)]])
    same = _same_files(work / "jobs1" / "ann", work / "jobs2" / "ann")
    return Ratio(
        f"--jobs 1 / --jobs 2 time over {CORPUS_SIZE} papers",
        times[1] / times[2],
        1.5,
        True,
        f"{times[1]:.1f}s vs {times[2]:.1f}s; annotations {'identical' if same else 'DIFFERENT'}; "
        f"CPU {cpu[1]:.1f}s vs {cpu[2]:.1f}s, i.e. {cpu[1] / times[1]:.2f} vs {cpu[2] / times[2]:.2f} cores busy; "
        f"spaCy floor alone, 2 processes vs 1: {spacy_scaling(paragraphs, model, work):.2f}x",
    )


def spacy_scaling(paragraphs: Path, model: str, work: Path, copies: int = 8) -> float:
    """The floor over ``copies`` times the seed in one process vs the same split over two concurrent processes."""
    texts = json.loads(paragraphs.read_text()) * copies
    parts = {"all": texts, "even": texts[0::2], "odd": texts[1::2]}
    for name, part in parts.items():
        (work / f"floor-{name}.json").write_text(json.dumps(part))
    one = _wall(floor_command(work / "floor-all.json", model))
    two, _cpu = _timed([floor_command(work / f"floor-{name}.json", model) for name in ("even", "odd")])
    return one / two


def _same_files(one: Path, two: Path) -> bool:
    def files(folder: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}

    return files(one) == files(two)


def generated_pdf(work: Path, pages: int = GENERATED_PAGES) -> Path:
    """The seed typeset with fpdf2 over and over until the PDF has ``pages`` pages."""
    from fpdf import FPDF

    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_margins(72, 72, 72)
    if dejavu.exists():
        pdf.add_font("serif", "", str(dejavu))
        family, prepare = "serif", str
    else:  # core fonts are latin-1 only
        family = "times"

        def prepare(text: str) -> str:
            return text.encode("latin-1", "replace").decode("latin-1")

    blocks = [b.strip() for b in SEED.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    pdf.set_font(family, "", 11)
    pdf.add_page()
    while pdf.page_no() < pages:
        for block in blocks:
            pdf.multi_cell(0, 14, prepare(block))
            pdf.ln(8)
            if pdf.page_no() == pages:
                break
    path = work / f"seed-{pages}-pages.pdf"
    path.write_bytes(bytes(pdf.output()))
    return path


def bench_pdf(work: Path) -> list[dict]:
    """Pages per second and peak memory, one fresh process per PDF."""
    pdfs = sorted((shared_dir() / "corpus-dev" / "pdf").glob("*.pdf"), key=lambda p: p.stat().st_size)
    return [_python(PDF_SCRIPT, str(path)) for path in [*pdfs, generated_pdf(work)]]


def _load() -> str:
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    from pipeline.config import load_config

    model = load_config(ROOT).model
    started = time.perf_counter()
    print(f"annocite bench on {os.cpu_count()} CPUs, {_load()} — ratios measured in this run", flush=True)
    ratios = []
    with tempfile.TemporaryDirectory(prefix="annocite-bench-") as tmp:
        work = Path(tmp)
        paragraphs = seed_paragraphs(work)
        for measure in (
            lambda: bench_check(paragraphs, model, work),
            lambda: bench_cache(work),
            lambda: bench_graph(work),
            lambda: bench_tokens(paragraphs, model, work),
            lambda: bench_jobs(paragraphs, model, work),
            lambda: bench_cite(model, work),
        ):
            ratios.append(measure())
            print(ratios[-1].line(), flush=True)
        files = bench_pdf(work)
    real = files[:-1]
    pages, seconds = sum(f["pages"] for f in real), sum(f["seconds"] for f in real)
    print(f"PDF extraction (pypdf): {pages / seconds:.1f} pages/s over {pages} pages of corpus-dev/pdf")
    for item in files:
        print(
            f"      {item['file']:<36} {item['pages']:>4} pages  {item['pages'] / item['seconds']:5.1f} pages/s  "
            f"peak {item['peak_mb']:4.0f} MB ({item['baseline_mb']:.0f} MB before extracting)"
        )
    big = files[-1]
    memory = Ratio(f"peak MB (process) extracting the {big['pages']}-page PDF", big["peak_mb"], 1000, False, "")
    print(memory.line())
    ratios.append(memory)
    failed = [r.name for r in ratios if not r.passed]
    elapsed = time.perf_counter() - started
    print(f"{len(ratios) - len(failed)} of {len(ratios)} targets met in {elapsed:.0f}s; {_load()}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
