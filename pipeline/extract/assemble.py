"""Turning classified blocks from any source format into one ``Document``.

Every extractor (text, PDF, JATS) produces ``Block`` objects in reading order and calls ``assemble``; the
layout of the document text, the sections, paragraphs, sentences, footnote anchors and reference entries are
decided here, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.sentences import split_sentences
from pipeline.extract.textbuild import TextBuilder
from pipeline.fileio import sha256_text
from pipeline.model import Document, Footnote, Paragraph, ReferenceEntry, Section, SectionKind, Sentence

Line = tuple[str, int, int, int]  # text, page, line, column

KIND_ORDER = {  # the order sections are laid out in
    SectionKind.TITLE: 0,
    SectionKind.FRONT: 1,
    SectionKind.ABSTRACT: 1,
    SectionKind.KEYWORDS: 1,
    SectionKind.BODY: 2,
    SectionKind.FOOTNOTES: 3,
    SectionKind.REFERENCES: 4,
}
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


@dataclass
class Block:
    """A paragraph, heading, footnote or reference entry, with its source lines."""

    kind: SectionKind
    lines: list[Line]
    heading: bool = False
    marker: str | None = None  # footnote marker as printed ("¹", "*", "2")
    label: str | None = None  # reference label in numbered lists
    anchor: int | None = field(default=None, repr=False)  # set by assemble


def plain_marker(marker: str) -> str:
    """``"¹"`` -> ``"1"``, ``"^{*}"`` -> ``"*"``."""
    return marker.translate(_SUPERSCRIPTS).removeprefix("^{").removeprefix("^").removesuffix("}").strip()


def assemble(
    *,
    doc_id: str,
    source: str,
    source_sha256: str,
    blocks: list[Block],
    page_count: int,
    warnings: list[str] | None = None,
) -> Document:
    """Lay out the blocks as front matter, body, footnotes, references and build the document."""
    ordered = sorted(blocks, key=lambda b: KIND_ORDER[b.kind])  # stable: keeps reading order per kind
    builder = TextBuilder()
    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    footnote_spans: list[tuple[Block, int, int]] = []
    entries: list[ReferenceEntry] = []
    current: tuple[SectionKind, int] | None = None
    for block in ordered:
        if not any(text for text, *_ in block.lines):
            continue
        if current is None or current[0] != block.kind:
            if current is not None:
                sections.append(_section(current, builder.offset - 2, len(sections)))
            current = (block.kind, builder.offset + (2 if builder.offset else 0))
        if builder.offset:
            builder.add_gap("\n\n")
        start, end = builder.add_lines(block.lines)
        paragraphs.append(Paragraph(f"p{len(paragraphs) + 1}", f"s{len(sections) + 1}", start, end, block.heading))
        if block.kind == SectionKind.FOOTNOTES:
            footnote_spans.append((block, start, end))
        elif block.kind == SectionKind.REFERENCES and not block.heading:
            entries.append(ReferenceEntry(f"ref{len(entries) + 1}", start, end, block.label))
    if current is not None:
        sections.append(_section(current, builder.offset, len(sections)))
    text, segments = builder.build()
    body_end = next((s.start for s in sections if s.kind == SectionKind.FOOTNOTES), len(text))
    footnotes = _footnotes(text, footnote_spans, body_end)
    prose = [p for p in paragraphs if not _is_reference_entry(p, sections)]
    spans = [span for p in prose for span in split_sentences(text, p.start, p.end)]
    sentences = [Sentence(f"t{i + 1}", start, end) for i, (start, end) in enumerate(spans)]
    return Document(
        id=doc_id,
        source=source,
        source_sha256=source_sha256,
        text=text,
        text_sha256=sha256_text(text),
        page_count=page_count,
        sections=tuple(sections),
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
        footnotes=footnotes,
        reference_entries=tuple(entries),
        segments=segments,
        warnings=tuple(warnings or ()),
    )


def _section(current: tuple[SectionKind, int], end: int, index: int) -> Section:
    kind, start = current
    return Section(f"s{index + 1}", kind, start, max(start, end))


def _is_reference_entry(paragraph: Paragraph, sections: list[Section]) -> bool:
    section = next(s for s in sections if s.id == paragraph.section)
    return section.kind == SectionKind.REFERENCES and not paragraph.heading


def _footnotes(text: str, spans: list[tuple[Block, int, int]], body_end: int) -> tuple[Footnote, ...]:
    """Footnotes with their anchors: the first unused occurrence of the marker after the previous anchor."""
    footnotes = []
    search_from = 0
    for index, (block, start, end) in enumerate(spans):
        marker = block.marker or str(index + 1)
        anchor = block.anchor if block.anchor is not None else find_anchor(text, marker, search_from, body_end)
        if anchor is not None:
            search_from = anchor + 1
        footnotes.append(Footnote(f"fn{index + 1}", plain_marker(marker), start, end, anchor))
    return tuple(footnotes)


def find_anchor(text: str, marker: str, start: int, end: int) -> int | None:
    """Where the body refers to footnote ``marker``: a superscript, ``^{n}``, ``[^n]`` or a bare number
    glued after punctuation ("(CSTO, 2022f).2 Thus")."""
    plain = re.escape(plain_marker(marker))
    superscript = re.escape(marker) if marker.translate(_SUPERSCRIPTS) != marker else None
    patterns = [rf"\^\{{{plain}\}}", rf"\[\^{plain}\]", rf"(?<=[\w.,;:)\]\"”’])\^?{plain}(?=[\s.,;:]|$)"]
    if plain.isdigit():
        patterns[-1] = rf"(?<![0-9][.,])(?<=[a-z.,;:)\]\"”’])\^?{plain}(?=\s|$)"
    if superscript:
        patterns.insert(0, superscript)
    for pattern in patterns:
        match = re.compile(pattern).search(text, start, end)
        if match:
            return match.start()
    return None
