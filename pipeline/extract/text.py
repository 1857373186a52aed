"""Extracting plain-text and Markdown drafts.

Text drafts copied out of a word processor keep the page layout: a footnote block sits where the page broke,
sometimes in the middle of a sentence ("...Sadyr / ⁶ The visit... / Japarov, President..."). We move the
footnotes out and rejoin the paragraph the page break cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.assemble import Block, Line
from pipeline.extract.patterns import ABSTRACT as _ABSTRACT
from pipeline.extract.patterns import KEYWORDS as _KEYWORDS
from pipeline.extract.patterns import LIST_ITEM as _LIST_ITEM
from pipeline.extract.patterns import REFERENCES_HEADING as _REFERENCES_HEADING
from pipeline.extract.patterns import SENTENCE_END as _SENTENCE_END
from pipeline.extract.textbuild import normalise_line
from pipeline.model import SectionKind

_FOOTNOTE_START = re.compile(
    r"^(?P<marker>[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\^\{[^}\s]{1,4}\}|\^\d{1,3}|\[\^[^\]\s]{1,8}\]:?)\s*(?P<rest>.*)$"
)
_MD_HEADING = re.compile(r"^#{1,6}\s+\S")


@dataclass
class _RawBlock:
    lines: list[Line]

    @property
    def first(self) -> str:
        return self.lines[0][0]

    @property
    def last(self) -> str:
        return self.lines[-1][0]


def text_blocks(text: str, *, markdown: bool = False) -> list[Block]:
    """Classified blocks of a text draft in reading order."""
    raw = _raw_blocks(text)
    blocks: list[Block] = []
    headings = (i for i, b in enumerate(raw) if _REFERENCES_HEADING.match(b.first) and len(b.lines) == 1)
    references_at = next(headings, None)
    body_raw = raw if references_at is None else raw[:references_at]
    blocks.extend(_front_and_body(body_raw, markdown=markdown))
    if references_at is not None:
        blocks.append(Block(SectionKind.REFERENCES, raw[references_at].lines, heading=True))
        blocks.extend(_reference_blocks(raw[references_at + 1 :]))
    return blocks


def _raw_blocks(text: str) -> list[_RawBlock]:
    blocks: list[_RawBlock] = []
    current: list[Line] = []
    page = 1
    for number, source_line in enumerate(text.splitlines(), start=1):
        page += source_line.count("\f")
        line = normalise_line(source_line.replace("\f", ""))
        if not line:
            if current:
                blocks.append(_RawBlock(current))
            current = []
            continue
        column = len(source_line) - len(source_line.lstrip()) + 1
        current.append((line, page, number, column))
    if current:
        blocks.append(_RawBlock(current))
    return blocks


def _front_and_body(raw: list[_RawBlock], *, markdown: bool) -> list[Block]:
    body_start = _body_start(raw)
    blocks: list[Block] = []
    for index, block in enumerate(raw):
        if _FOOTNOTE_START.match(block.first):
            blocks.extend(_footnote_blocks(block))
        elif index < body_start:
            blocks.append(Block(_front_kind(block, index), block.lines, heading=index == 0))
        else:
            blocks.append(Block(SectionKind.BODY, block.lines, heading=_is_heading(block, markdown=markdown)))
    return _rejoin_page_breaks(blocks)


def _footnote_blocks(block: _RawBlock) -> list[Block]:
    """One block per footnote: a line that starts with a marker starts a new footnote."""
    footnotes: list[Block] = []
    for text, page, number, column in block.lines:
        match = _FOOTNOTE_START.match(text)
        if match:
            line = (match.group("rest"), page, number, column + match.start("rest"))
            footnotes.append(Block(SectionKind.FOOTNOTES, [line], marker=match.group("marker").rstrip(":")))
        else:
            footnotes[-1].lines.append((text, page, number, column))
    return footnotes


def _body_start(raw: list[_RawBlock]) -> int:
    """Index of the first body block: after the keywords, abstract or the first heading that follows them."""
    last_front = -1
    for index, block in enumerate(raw[:15]):
        if _ABSTRACT.match(block.first) or _KEYWORDS.match(block.first):
            last_front = index
    if last_front < 0:
        return 1 if len(raw) > 1 and _is_heading(raw[0], markdown=True) else 0
    for index in range(last_front + 1, min(len(raw), last_front + 6)):
        if _is_heading(raw[index], markdown=True):
            return index
    return last_front + 1


def _front_kind(block: _RawBlock, index: int) -> SectionKind:
    if index == 0:
        return SectionKind.TITLE
    if _ABSTRACT.match(block.first):
        return SectionKind.ABSTRACT
    if _KEYWORDS.match(block.first):
        return SectionKind.KEYWORDS
    return SectionKind.FRONT


def _is_heading(block: _RawBlock, *, markdown: bool) -> bool:
    if len(block.lines) != 1:
        return False
    line = block.first
    if _MD_HEADING.match(line):
        return True
    if len(line) > 120 or _SENTENCE_END.search(line) or _LIST_ITEM.match(line):
        return False
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and (line.isupper() or len(line.split()) <= 12 and line[:1].isupper() and not markdown)


def _rejoin_page_breaks(blocks: list[Block]) -> list[Block]:
    """Join body paragraphs that a page break (often with footnotes between) cut in two."""
    result: list[Block] = []
    last_body: Block | None = None
    saw_footnote = False
    for block in blocks:
        if block.kind == SectionKind.FOOTNOTES:
            result.append(block)
            saw_footnote = True
            continue
        if block.kind == SectionKind.BODY and not block.heading and last_body is not None and _continues(
            last_body, block, after_footnote=saw_footnote
        ):
            last_body.lines.extend(block.lines)
        else:
            result.append(block)
            last_body = block if block.kind == SectionKind.BODY and not block.heading else None
        saw_footnote = False
    return result


def _continues(previous: Block, following: Block, *, after_footnote: bool) -> bool:
    tail = previous.lines[-1][0]
    head = following.lines[0][0]
    if _LIST_ITEM.match(head) or _LIST_ITEM.match(previous.lines[0][0]):
        return False
    if head[:1].islower() or tail.endswith((",", "-", "–")):
        return True
    return after_footnote and not _SENTENCE_END.search(tail)


def _reference_blocks(raw: list[_RawBlock]) -> list[Block]:
    """One block per entry: list markers start entries; unmarked lines are entries unless they continue one.

    In an unmarked list a line after a blank line starts an entry (one entry per paragraph, "de Vries" and
    entries ending in a DOI included) unless the entry before breaks off mid-phrase ("...," / "-").
    """
    lines = [(line, k == 0) for block in raw for k, line in enumerate(block.lines)]
    marked = any(_LIST_ITEM.match(text) for (text, *_), _ in lines)
    entries: list[Block] = []
    for (text, page, number, column), after_blank_line in lines:
        item = _LIST_ITEM.match(text)
        if marked:
            starts_entry = bool(item)
        elif after_blank_line:
            starts_entry = not (entries and entries[-1].lines[-1][0].endswith((",", "-", "–")))
        else:
            starts_entry = not (text[:1].islower() or entries and _is_continuation(entries[-1], text))
        if item:
            label = item.group("bracket") or item.group("number")
            text, column = text[item.end() :], column + item.end()
            entries.append(Block(SectionKind.REFERENCES, [(text, page, number, column)], label=label))
        elif starts_entry or not entries:
            entries.append(Block(SectionKind.REFERENCES, [(text, page, number, column)]))
        else:
            entries[-1].lines.append((text, page, number, column))
    return entries


def _is_continuation(entry: Block, text: str) -> bool:
    return not _SENTENCE_END.search(entry.lines[-1][0]) and not re.match(r"^[A-Z][^\s,]+,? [A-Z]", text)
