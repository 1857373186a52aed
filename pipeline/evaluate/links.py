"""``annocite eval links DIR``: citation-link precision/recall/F1 against publisher gold, plus reference-field
accuracy.

Each JATS paper is rendered as a plain draft *without* its markup (``jats_gold.render_draft``), written to a
temporary ``.txt`` file and run through extract + cite exactly as a user's draft would be. Predicted links
(citation items with a reference) are compared with the gold ``xref[@ref-type="bibr"] -> ref`` pairs.
"""

from __future__ import annotations

import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.cite import cite_document
from pipeline.cite.references import parse_references
from pipeline.evaluate.jats_gold import Scores, align, map_callouts, render_draft, score_links
from pipeline.extract import extract_document
from pipeline.extract.jats import parse_xml
from pipeline.model import LinkStatus, Reference
from pipeline.names import fold, name_key

FIELDS = ("authors", "year", "title", "container")


@dataclass(frozen=True)
class PaperResult:
    name: str
    scores: Scores
    references_found: int
    references_gold: int
    field_hits: dict[str, int]
    field_total: int


def evaluate_paper(path: Path, *, workdir: Path) -> PaperResult:
    data = path.read_bytes()
    rendered = render_draft(data, path=str(path))
    draft = workdir / f"{path.stem}.txt"
    draft.write_text(rendered.text, encoding="utf-8")
    document = extract_document(draft)
    references = parse_references(document)
    citations = cite_document(document, references)
    predicted = [
        (item.start, item.end, item.reference)
        for citation in citations
        for item in citation.items
        if item.status in (LinkStatus.LINKED, LinkStatus.IBID)
    ]
    gold = map_callouts(rendered.callouts, align(rendered.text, document.text), document.text)
    ref_ids = [f"ref{i + 1}" for i in range(len(rendered.references))]
    scores = score_links(predicted, gold, ref_ids)
    hits, total = _field_accuracy(data, str(path), references, len(rendered.references))
    return PaperResult(path.stem, scores, len(references), len(rendered.references), hits, total)


# Inline markup that says nothing about fields: a citation holding only these is an untagged printed string.
_PRESENTATION_TAGS = frozenset({"italic", "bold", "sup", "sub", "sc", "underline", "monospace", "ext-link", "uri",
                                "comment"})


def _gold_fields(data: bytes, path: str) -> list[dict[str, object] | None]:
    """Per ``ref``: folded family names, year, title and container from the publisher's tagged citation; ``None`` for
    a ``mixed-citation`` printed without field tags (Acta Crystallographica, some PLOS entries) — it has no field
    gold, and reading it as "no authors, no year, no title" would count every correct parse as a miss."""
    root = parse_xml(data, path).root
    gold: list[dict[str, object] | None] = []
    for ref in root.iter("ref"):
        citation = next((c for c in ref if c.tag in ("element-citation", "mixed-citation", "citation")), None)
        if citation is None:
            continue
        if all(e.tag in _PRESENTATION_TAGS for e in citation.iter() if e is not citation):
            gold.append(None)
            continue
        names = _author_names(citation)
        year = next(("".join(y.itertext()) for y in citation.iter("year")), "")
        title = next(
            (
                "".join(t.itertext())
                for tag in ("article-title", "chapter-title", "data-title")
                for t in citation.iter(tag)
            ),
            None,
        )
        source = next(("".join(s.itertext()) for s in citation.iter("source")), None)
        if title is None:  # a book: its source is the title
            title, source = source, None
        digits = "".join(c for c in year if c.isdigit())[:4]
        gold.append(
            {
                "authors": names,
                "year": int(digits) if digits else None,
                "title": fold(title or ""),
                "container": fold(source or ""),
            }
        )
    return gold


def _author_names(citation: ET.Element) -> list[str]:
    """Name keys of the authors: surnames then collaborations, leaving out the editors of a chapter's book
    (``person-group-type="editor"``), who are not the reference's authors."""
    elements = list(_outside_editor_groups(citation))
    names = [name_key("".join(e.itertext())) for e in elements if e.tag == "surname"]
    return names + [name_key("".join(e.itertext())) for e in elements if e.tag == "collab"]


def _outside_editor_groups(element: ET.Element) -> Iterator[ET.Element]:
    for child in element:
        if child.tag == "person-group" and child.get("person-group-type") == "editor":
            continue
        yield child
        yield from _outside_editor_groups(child)


def _field_accuracy(data: bytes, path: str, parsed: Sequence[Reference], expected: int) -> tuple[dict[str, int], int]:
    from rapidfuzz import fuzz

    gold = _gold_fields(data, path)
    hits = dict.fromkeys(FIELDS, 0)
    tagged = sum(truth is not None for truth in gold)
    if len(parsed) != len(gold):
        return hits, tagged
    for reference, truth in zip(parsed, gold, strict=True):
        if truth is None:
            continue
        keys = [a.key for a in reference.authors]
        hits["authors"] += (
            bool(truth["authors"])
            and keys[: len(truth["authors"])] == truth["authors"]
            or not truth["authors"]
            and not keys
        )
        hits["year"] += reference.year == truth["year"]
        for field, value in (("title", reference.title), ("container", reference.container)):
            mine, theirs = fold(value or ""), truth[field]
            hits[field] += (not mine and not theirs) or fuzz.ratio(mine, theirs) >= 90
    return hits, tagged


def evaluate_links(directory: Path) -> list[PaperResult]:
    papers = sorted(p for p in directory.glob("*.xml"))
    with tempfile.TemporaryDirectory(prefix="annocite-eval-") as tmp:
        return [evaluate_paper(p, workdir=Path(tmp)) for p in papers]


def format_link_scores(results: Sequence[PaperResult]) -> str:
    lines = [f"{'paper':<34} {'P':>6} {'R':>6} {'F1':>6} {'links':>6} {'refs':>9}"]
    tp = predicted = gold = 0
    field_hits = dict.fromkeys(FIELDS, 0)
    field_total = 0
    for r in results:
        s = r.scores
        lines.append(
            f"{r.name:<34} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.gold:6d} "
            f"{r.references_found:>4}/{r.references_gold:<4}"
        )
        tp, predicted, gold = tp + s.true_positives, predicted + s.predicted, gold + s.gold
        for field in FIELDS:
            field_hits[field] += r.field_hits[field]
        field_total += r.field_total
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    worst = min(results, key=lambda r: r.scores.f1) if results else None
    lines.append(f"{'overall (micro)':<34} {precision:6.3f} {recall:6.3f} {f1:6.3f} {gold:6d}")
    if worst:
        lines.append(f"lowest paper F1: {worst.scores.f1:.3f} ({worst.name})")
    fields = ", ".join(f"{f} {field_hits[f] / field_total:.3f}" for f in FIELDS) if field_total else "n/a"
    lines.append(f"reference fields vs publisher tags ({field_total} references): {fields}")
    return "\n".join(lines)
