"""``annocite eval precision DIR``: how many error-level findings ``check`` raises on published papers.

Published papers are consistent (the corpus README: no natural missing, duplicate or year-mismatch defects), so
an error finding on one is almost always a false alarm of the pipeline. Each JATS paper is rendered as a plain
draft without its markup (``jats_gold.render_draft``), written to a ``.txt`` file and run through the whole
pipeline (extract, cite, annotate, check) exactly as a user's draft would be. The measure is the average number of
ERROR findings per paper; every finding is kept so a person can review it.

A few error findings on the development set are right: the publisher's own XML has the defect (a callout whose
year or spelling disagrees with its ``ref``, two refs that a reader cannot tell apart, a ref listed twice).
``KNOWN_SOURCE_DEFECTS`` lists them, each checked by hand against the XML; false alarms are the error findings
that match none of them.
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
class SourceDefect:
    """A defect of a published paper, as check reports it: paper, rule code and the start of the snippet."""

    paper: str
    code: str
    snippet: str
    why: str

    def matches(self, paper: str, finding: Finding) -> bool:
        return paper == self.paper and finding.code == self.code and finding.snippet.startswith(self.snippet)


_SAME_KEY = "two entries read the same in an author-year citation and have no suffix a/b: the citation fits both"
KNOWN_SOURCE_DEFECTS: tuple[SourceDefect, ...] = (
    SourceDefect("elife-00013", "CIT001", "James-Clark 1868", "the xref to bib46 says 1868; bib46 has year 1867"),
    SourceDefect("elife-04493", "CIT001", "Yu et al., 2010", "plain text, no xref: the list has only Yu 2010a, 2010b"),
    SourceDefect("elife-08206", "CIT002", "Jain et al., 2010", "bib19 (Jain BV + 16) and bib21 (Jain V, Seung, "
                 "Turaga) are both 'Jain et al. 2010': " + _SAME_KEY),
    SourceDefect("elife-08206", "CIT001", "van Harreveld and Khattab 1968", "the xref points at bib34 (Pallotto "
                 "2015, a Dryad data set); no van Harreveld & Khattab 1968 entry exists"),
    SourceDefect("elife-08206", "CIT001", "Strettoia et al., 1992", "misspelt: bib39 is Strettoi E (1992)"),
    SourceDefect("elife-09520", "CIT001", "World Health Organization, 2012", "the xref to bib35 says 2012; bib35 is "
                 "the WHO report of 1971"),
    SourceDefect("elife-09532", "CIT002", "Tokuriki and Tawfik, 2009", "bib77 and bib78: " + _SAME_KEY),
    SourceDefect("elife-09532", "REF002", "Tokuriki N, Tawfik DS. 2009", "bib77 and bib78: " + _SAME_KEY),
    SourceDefect("elife-09541", "CIT002", "Damjanović et al., 2002", "bib23 and bib26: " + _SAME_KEY),
    SourceDefect("elife-09541", "CIT002", "Damjanovic et al., 2002", "bib23 and bib26: " + _SAME_KEY + " (the "
                 "text tells them apart only by the diacritic)"),
    SourceDefect("elife-09541", "CIT001", "Sturgis and Niederman, 1996", "bib120 spells the author Niedermann"),
    SourceDefect("elife-09541", "CIT001", "Damjanović et al., 2000", "bib25's surname is 'Damjanovi' in the XML "
                 "(the ć is missing), so the list entry is misspelt"),
    SourceDefect("elife-09571", "CIT001", "Mozzetta et al., 2013", "the xref to bib33 says 2013; bib33 is 2014"),
    SourceDefect("elife-09571", "CIT001", "Anders et al., 2014", "the xref to bib3 says 2014; bib3 is 2015"),
    SourceDefect("elife-09571", "CIT001", "Fisher, 1925", "plain text, no xref, and no Fisher entry in the list"),
    SourceDefect("elife-09571", "CIT001", "Huang et al., 2009", "the xref to bib18 says 2009; bib18 is 2008"),
    SourceDefect("biorxiv-2022.07.21.500925", "CIT001", "Wang et al., 2016", "plain text, no xref, and no Wang "
                 "2016 entry in the list"),
    SourceDefect("biorxiv-2022.07.21.500925", "REF001", "Shen, H., Liu, D., Wu, K., Lei, J., & Yan, N. (2019b)",
                 "c66 (2019a) and c67 (2019b) are one article: same authors, title and DOI 10.1126/science.aaw2493"),
    SourceDefect("elife-09541", "REF001", "van Grondelle R, Novoderezhkin VI. 2006b", "bib127 (2006a) and bib128 "
                 "(2006b) are one article: same authors, title, pages and DOI 10.1039/B514032C"),
    SourceDefect("f1000research-8-978", "REF001", "Phillips SJ, Anderson RP, Schapire RE", "ref-22 and ref-25 are "
                 "the same article, printed identically"),
)


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
    known: tuple[SourceDefect, ...] = KNOWN_SOURCE_DEFECTS

    @property
    def error_count(self) -> int:
        return sum(len(p.errors) for p in self.papers)

    @property
    def errors_per_paper(self) -> float:
        return self.error_count / len(self.papers) if self.papers else 0.0

    def defect_of(self, paper: str, finding: Finding) -> SourceDefect | None:
        return next((d for d in self.known if d.matches(paper, finding)), None)

    @property
    def false_alarms(self) -> list[tuple[str, Finding]]:
        """Error findings that are no known defect of the source."""
        return [(p.name, f) for p in self.papers for f in p.errors if self.defect_of(p.name, f) is None]

    @property
    def false_alarms_per_paper(self) -> float:
        return len(self.false_alarms) / len(self.papers) if self.papers else 0.0

    @property
    def missed_defects(self) -> list[SourceDefect]:
        """Known defects of the papers evaluated that no error finding reports (a recall regression)."""
        names = {p.name for p in self.papers}
        return [
            d for d in self.known
            if d.paper in names and not any(d.matches(p.name, f) for p in self.papers for f in p.errors)
        ]


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
            defect = result.defect_of(paper.name, finding)
            verdict = f"source defect: {defect.why}" if defect else "FALSE ALARM"
            lines.append(f"{paper.name}:{finding.line}: {finding.code} {finding.snippet[:60]!r}  [{verdict}]")
    for defect in result.missed_defects:
        lines.append(f"{defect.paper}: known defect not reported: {defect.code} {defect.snippet!r}")
    target = "meets" if result.false_alarms_per_paper <= ERRORS_PER_PAPER_TARGET else "misses"
    lines.append(
        f"{result.error_count} error findings on {len(result.papers)} papers "
        f"({result.errors_per_paper:.2f} per paper); "
        f"{len(result.false_alarms)} false alarms ({result.false_alarms_per_paper:.2f} per paper, {target} the target "
        f"of {ERRORS_PER_PAPER_TARGET})"
    )
    return "\n".join(lines)
