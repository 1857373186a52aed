"""Shared helpers for the citation tests: hand-built documents and references, the seed paper's reference list."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from shared_data import SHARED_DIR  # noqa: E402

from pipeline.extract.sentences import split_sentences
from pipeline.model import (
    Author,
    Document,
    Footnote,
    Paragraph,
    PartialDate,
    Reference,
    ReferenceEntry,
    Section,
    SectionKind,
    Sentence,
)
from pipeline.names import name_key

SEED = SHARED_DIR / "papers" / "csto-perspectives.txt"
JATS_DIR = SHARED_DIR / "corpus-dev" / "jats"


def make_document(
    body: list[str],
    references: list[str] = (),
    *,
    labels: bool = False,
    footnotes: list[str] = (),
    sentences: bool = True,
) -> Document:
    """A document with body paragraphs, then footnotes, then a reference list (labelled "1", "2"... if asked)."""
    text = ""
    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    notes: list[Footnote] = []
    entries: list[ReferenceEntry] = []
    for kind, blocks in ((SectionKind.BODY, body), (SectionKind.FOOTNOTES, footnotes),
                         (SectionKind.REFERENCES, references)):
        if not blocks:
            continue
        section_id = f"s{len(sections) + 1}"
        section_start = len(text) + (2 if text else 0)
        for block in blocks:
            text += "\n\n" if text else ""
            start = len(text)
            text += block
            paragraphs.append(Paragraph(f"p{len(paragraphs) + 1}", section_id, start, len(text)))
            if kind == SectionKind.FOOTNOTES:
                notes.append(Footnote(f"fn{len(notes) + 1}", str(len(notes) + 1), start, len(text), None))
            if kind == SectionKind.REFERENCES:
                label = str(len(entries) + 1) if labels else None
                entries.append(ReferenceEntry(f"ref{len(entries) + 1}", start, len(text), label))
        sections.append(Section(section_id, kind, section_start, len(text)))
    spans = [span for p in paragraphs for span in split_sentences(text, p.start, p.end)] if sentences else []
    return Document(
        id="test", source="test.txt", source_sha256="", text=text, text_sha256="", page_count=1,
        sections=tuple(sections), paragraphs=tuple(paragraphs),
        sentences=tuple(Sentence(f"t{i + 1}", s, e) for i, (s, e) in enumerate(spans)),
        footnotes=tuple(notes), reference_entries=tuple(entries),
    )


def ref(
    ref_id: str,
    *authors: str,
    year: int | None = None,
    suffix: str | None = None,
    month: int | None = None,
    day: int | None = None,
    org: str | None = None,
    title: str | None = None,
    label: str | None = None,
    more_dates: tuple[PartialDate, ...] = (),
) -> Reference:
    """A hand-built parsed reference: ``ref("r1", "Lobanov", year=2019)``, ``ref("r2", org="CSTO", ...)``."""
    return Reference(
        id=ref_id, start=0, end=0, raw="", authors=tuple(Author(a, None, name_key(a)) for a in authors),
        organisation=org, year=year, year_suffix=suffix, month=month, day=day, more_dates=more_dates,
        title=title, label=label,
    )


_RAJIC_TITLE = "Relations of the Collective Security Treaty Organization (CSTO) with the Shanghai Cooperation"

# The seed's 25 entries, in list order (their ids are the extracted ReferenceEntry ids), with the fields linking uses.
SEED_REFERENCES = (
    ref("ref1", "Bardžić", "Đurić", year=2016),
    ref("ref2", org="Collective Security Treaty", year=1992, month=5, day=15,
        more_dates=(PartialDate(2010, 12, 10),)),
    ref("ref3", org="CSTO", year=2009),
    ref("ref4", org="CSTO", year=2020, month=6, day=15),
    ref("ref5", org="CSTO", year=2022, suffix="a"),
    ref("ref6", org="CSTO", year=2022, suffix="b"),
    ref("ref7", org="CSTO", year=2022, suffix="c"),
    ref("ref8", org="CSTO", year=2022, suffix="d"),
    ref("ref9", org="CSTO", year=2022, suffix="e", title="CSTO Permanent Council"),
    ref("ref10", org="CSTO", year=2022, suffix="e", title="Documents"),
    ref("ref11", org="CSTO", year=2022, month=4, day=29),
    ref("ref12", org="CSTO", year=2022, month=5, day=19),
    ref("ref13", org="Danas", year=2022, month=3, day=19),
    ref("ref14", "Galović", year=2022, month=1, day=14),
    ref("ref15", "Karimov", year=2021, month=1, day=11),
    ref("ref16", "Lobanov", year=2015),
    ref("ref17", "Lobanov", year=2019),
    ref("ref18", "Petrović", year=2010),
    ref("ref19", "Petrović", year=2021),
    ref("ref20", org="President of Russia", year=2022, month=5, day=15),
    ref("ref21", "Rajić", "Gajić", year=2020, title=_RAJIC_TITLE),
    ref("ref22", org="Politika", year=2022, month=3, day=1),
    ref("ref23", "Rajić", "Gajić", year=2020, title=f'"{_RAJIC_TITLE}"'),
    ref("ref24", "Simić", year=2018),
    ref("ref25", "Tošić Malešević", year=2017),
)


def jats_document(path: Path) -> tuple[Document, list[tuple[int, int]]]:
    """A plain-text document from a JATS article's body paragraphs and reference list, with the gold callout
    spans (every ``xref[@ref-type="bibr"]``). Figures, tables and formulas inside paragraphs are left out."""
    root = ET.parse(path).getroot()
    body = next(element for element in root.iter() if _local(element.tag) == "body")
    paragraphs: list[tuple[str, list[tuple[int, int]]]] = []
    for element in body.iter():
        if _local(element.tag) == "p":
            pieces: list[str] = []
            gold: list[tuple[int, int]] = []
            _paragraph_text(element, pieces, gold)
            paragraphs.append(("".join(pieces), gold))
    references = [" ".join(" ".join(r.itertext()).split()) for r in root.iter() if _local(r.tag) == "ref"]
    document = make_document([text for text, _ in paragraphs], references)
    gold_spans = [
        (paragraph.start + start, paragraph.start + end)
        for paragraph, (_, gold) in zip(document.paragraphs, paragraphs, strict=False)
        for start, end in gold
    ]
    return document, gold_spans


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _paragraph_text(element: ET.Element, pieces: list[str], gold: list[tuple[int, int]]) -> None:
    pieces.append(element.text or "")
    for child in element:
        tag = _local(child.tag)
        if tag == "xref" and child.get("ref-type") == "bibr":
            start = sum(map(len, pieces))
            pieces.append("".join(child.itertext()))
            gold.append((start, sum(map(len, pieces))))
        elif tag not in ("table-wrap", "fig", "disp-formula", "boxed-text", "supplementary-material"):
            _paragraph_text(child, pieces, gold)
        pieces.append(child.tail or "")
