"""``annocite eval precision DIR``: how many error-level findings ``check`` raises on published papers.

Published papers are consistent (the corpus README: no natural missing, duplicate or year-mismatch defects), so
an error finding on one is almost always a false alarm of the pipeline. Each JATS paper is rendered as a plain
draft without its markup (``jats_gold.render_draft``), written to a ``.txt`` file and run through the whole
pipeline (extract, cite, annotate, check) exactly as a user's draft would be. The measure is the average number of
ERROR findings per paper; every finding is kept so a person can review it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.check.registry import run_checks
from pipeline.config import Config
from pipeline.evaluate.jats_gold import render_draft
from pipeline.model import Annotation, Finding, Severity

ERRORS_PER_PAPER_TARGET = 0.2


@dataclass(frozen=True)
class PaperFindings:
    name: str
    findings: tuple[Finding, ...]
    error: str | None = None  # the pipeline failed on this paper

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == Severity.ERROR)


@dataclass(frozen=True)
class PrecisionResult:
    papers: tuple[PaperFindings, ...]

    @property
    def error_count(self) -> int:
        return sum(len(p.errors) for p in self.papers)

    @property
    def errors_per_paper(self) -> float:
        return self.error_count / len(self.papers) if self.papers else 0.0


def render_drafts(directory: Path, workdir: Path) -> list[Path]:
    """Every ``*.xml`` JATS paper of ``directory`` written to ``workdir`` as a plain ``.txt`` draft (sorted)."""
    workdir.mkdir(parents=True, exist_ok=True)
    drafts = []
    for paper in sorted(directory.glob("*.xml")):
        draft = workdir / f"{paper.stem}.txt"
        draft.write_text(render_draft(paper.read_bytes(), path=str(paper)).text, encoding="utf-8")
        drafts.append(draft)
    return drafts


Annotated = tuple[str, Annotation | None, str | None]  # (paper name, annotation, pipeline error)


def annotate_drafts(drafts: Sequence[Path], workdir: Path, config: Config) -> list[Annotated]:
    """(name, annotation, error) per draft; stage results are cached under ``workdir`` (re-runs are fast)."""
    from pipeline.runner import process_draft

    annotated = []
    for draft in drafts:
        result = process_draft(
            draft, config=config, annotations_dir=workdir / "annotations", outputs_dir=workdir, write=False
        )
        annotated.append((draft.stem, result.annotation, result.error))
    return annotated


def check_annotations(annotated: Sequence[Annotated], config: Config) -> PrecisionResult:
    papers = [
        PaperFindings(name, tuple(run_checks(annotation, config.check)) if annotation else (), error)
        for name, annotation, error in annotated
    ]
    return PrecisionResult(tuple(papers))


def evaluate_precision(
    directory: Path, *, workdir: Path | None = None, config: Config | None = None
) -> PrecisionResult:
    """Check every JATS paper of ``directory`` as a plain draft; ``workdir`` keeps drafts and the stage cache."""
    config = config or Config()
    if workdir is not None:
        return check_annotations(annotate_drafts(render_drafts(directory, workdir), workdir, config), config)
    with tempfile.TemporaryDirectory(prefix="annocite-precision-") as tmp:
        return evaluate_precision(directory, workdir=Path(tmp), config=config)


def format_precision(result: PrecisionResult) -> str:
    """A table of findings per paper and severity, then every error finding (for review), then the average."""
    lines = [f"{'paper':<34} {'errors':>6} {'warnings':>8} {'info':>5}"]
    for paper in result.papers:
        counts = {level: sum(1 for f in paper.findings if f.severity == level) for level in Severity}
        lines.append(
            f"{paper.name:<34} {counts[Severity.ERROR]:6d} {counts[Severity.WARNING]:8d} {counts[Severity.INFO]:5d}"
            + (f"  pipeline error: {paper.error}" if paper.error else "")
        )
    for paper in result.papers:
        for finding in paper.errors:
            lines.append(f"{paper.name}:{finding.line}: {finding.code} {finding.message}  | {finding.snippet}")
    target = "meets" if result.errors_per_paper <= ERRORS_PER_PAPER_TARGET else "misses"
    lines.append(
        f"{result.error_count} error findings on {len(result.papers)} papers: {result.errors_per_paper:.2f} per paper "
        f"({target} the target of {ERRORS_PER_PAPER_TARGET})"
    )
    return "\n".join(lines)
