"""Extracting PDF drafts: pages -> lines in reading order -> classified blocks.

``pdf_layout`` rebuilds lines, columns and drops page furniture; here the lines are split into footnotes (a smaller
font at the bottom of a column, starting with a marker), the reference list (after a "References" heading, one
block per entry) and paragraphs of front matter and body.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from statistics import median

from pypdf import PdfReader

from pipeline.errors import CorruptPDFError, EncryptedPDFError, NoTextLayerError, TooLargeError
from pipeline.extract.assemble import Block, Line
from pipeline.extract.patterns import (
    ABSTRACT,
    FULL_STOP_END,
    KEYWORDS,
    LIST_ITEM,
    REFERENCES_HEADING,
    SENTENCE_END,
)
from pipeline.extract.pdf_layout import (
    PageLines,
    TextLine,
    build_lines,
    drop_furniture,
    drop_line_numbers,
    order_page,
    page_runs,
)
from pipeline.extract.textbuild import normalise_line
from pipeline.model import SectionKind

MAX_PAGES = 2000
_TEXT_MARKER = re.compile(r"^(?P<marker>\d{1,2}|[*∗†‡§¶])\s+(?=[A-Za-z“\"(])")
_NUMBERED_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.?|[IVX]+\.)\s+[A-Z]")
_INTRODUCTION = re.compile(r"^(?:(?:\d+|[IVX]+)\.?\s+)?(introduction|background)\b", re.IGNORECASE)
_AUTHOR_START = re.compile(r"^[A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+)?,? (?:[A-Z]\.|[A-Z][a-z]+,|et al)")
_AFTER_REFERENCES = re.compile(
    r"^(?:[A-Z]\.?\s+|\d+\.?\s+)?(appendix|appendices|supplementary|supporting information|figure legends?|"
    r"figures?|tables?|acknowledge?ments?)\b",
    re.IGNORECASE,
)


_LETTERED_SECTION = re.compile(r"^[A-Z]\.?\s+[A-Z][a-z]+(?:\s|$)(?!.*\b(?:1[5-9]|20)\d\d\b)")  # "A Background"


def pdf_blocks(data: bytes, path: str) -> tuple[list[Block], int, list[str]]:
    """Classified blocks of a PDF draft in reading order, its page count and warnings."""
    with _pypdf_messages() as messages:
        reader = _open(data, path)
        pages, warnings = _read_pages(reader, path)
    warnings = [f"pypdf: {message}" for message in messages] + warnings
    if not any(page.lines for page in pages):
        raise NoTextLayerError(
            path, f"no text layer on any of its {len(pages)} page(s): it is a scanned image", "it needs OCR first"
        )
    drop_furniture(pages)
    _drop_figure_text(pages)
    ordered = [order_page(page) for page in pages]
    body_size = _body_size([line for lines in ordered for line in lines])
    numbers = _line_numbers(ordered)
    main: list[TextLine] = []
    notes: list[Block] = []
    for lines in ordered:
        page_main, page_notes = _split_footnotes(lines, body_size, numbers)
        main.extend(page_main)
        notes.extend(page_notes)
    references_at = _references_heading(main)
    body_lines = main if references_at is None else main[:references_at]
    blocks = _front_and_body(_paragraphs(body_lines), body_size, numbers)
    if references_at is not None:
        end = _references_end(main, references_at)
        heading = Block(SectionKind.REFERENCES, [_line(main[references_at], numbers)], heading=True)
        blocks.append(heading)
        blocks.extend(_reference_blocks(main[references_at + 1 : end], numbers))
        blocks.extend(_front_and_body(_paragraphs(main[end:]), body_size, numbers, front=False))
    return blocks + notes, len(pages), warnings


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: dict[str, None] = {}  # distinct, in order

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.setdefault(record.getMessage())


@contextmanager
def _pypdf_messages() -> Iterator[dict[str, None]]:
    """What pypdf logs while it repairs a file ("EOF marker not found"), kept as the file's warnings: through
    logging's last-resort handler it would reach stderr with no file name, beside our own message on the file."""
    logger, collector = logging.getLogger("pypdf"), _Collector()
    propagate, logger.propagate = logger.propagate, False
    logger.addHandler(collector)
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)
        logger.propagate = propagate


def _open(data: bytes, path: str) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as error:  # pypdf raises many types for broken files
        problem = "truncated (no %%EOF at its end)" if b"%%EOF" not in data[-1024:] else "damaged"
        raise CorruptPDFError(
            path, f"not a readable PDF: the file is {problem} ({_reason(error)})", "export or download it again"
        ) from error
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception as error:
            hint = "save a copy without a password"
            raise EncryptedPDFError(path, f"the PDF is encrypted ({_reason(error)})", hint) from error
        if not opened:
            raise EncryptedPDFError(path, "the PDF is password-protected", "save a copy without a password")
    try:
        count = len(reader.pages)
    except Exception as error:
        raise CorruptPDFError(path, f"its page tree is damaged ({_reason(error)})", "export it again") from error
    if count == 0:
        raise CorruptPDFError(path, "the PDF has no pages", "export it again")
    if count > MAX_PAGES:
        raise TooLargeError(path, f"{count} pages, above the {MAX_PAGES}-page limit", "split the document")
    return reader


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _read_pages(reader: PdfReader, path: str) -> tuple[list[PageLines], list[str]]:
    """Lines of every page; a page that cannot be read becomes a warning, all pages failing an error."""
    pages: list[PageLines] = []
    warnings: list[str] = []
    failures = 0
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        lines = PageLines(number, float(box.width), float(box.height))
        try:
            runs, numbered = drop_line_numbers(page_runs(page))
        except Exception as error:  # a damaged content stream or a decompression limit on one page
            failures += 1
            warnings.append(f"page {number}: text could not be read ({_reason(error)})")
        else:
            lines.lines = [line for line in build_lines(runs, number) if normalise_line(line.text, pdf=True)]
            lines.line_numbers = numbered
        pages.append(lines)
    if failures == len(pages):
        raise CorruptPDFError(path, f"no page could be read: {warnings[0]}", "export or download it again")
    if not _has_eof(reader):
        warnings.append("the file does not end with %%EOF: it may be truncated")
    return pages, warnings


def _drop_figure_text(pages: list[PageLines]) -> None:
    """Text drawn inside figures: type far larger than the running text after page 1, or outside the page."""
    body_size = _body_size([line for page in pages for line in page.lines])
    for page in pages:
        page.lines = [
            line
            for line in page.lines
            if (page.number == 1 or line.size < 2 * body_size)
            and 0 <= line.x0 < page.width
            and line.x1 <= page.width * 1.1
        ]


def _has_eof(reader: PdfReader) -> bool:
    stream = reader.stream
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(max(0, size - 1024))
    return b"%%EOF" in stream.read()


def _body_size(lines: list[TextLine]) -> float:
    """The size of the running text: the size that covers most characters."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _line_numbers(ordered: list[list[TextLine]]) -> dict[int, int]:
    """Line number on its page, in reading order, for every kept line (keyed by ``id``)."""
    return {id(line): index for lines in ordered for index, line in enumerate(lines, start=1)}


def _line(line: TextLine, numbers: dict[int, int], text: str | None = None) -> Line:
    return (normalise_line(line.text if text is None else text, pdf=True), line.page, numbers[id(line)], 1)


def _split_footnotes(
    lines: list[TextLine], body_size: float, numbers: dict[int, int]
) -> tuple[list[TextLine], list[Block]]:
    """Footnotes: the lines in a smaller font at the bottom of a column, from the first one with a marker."""
    page_notes: list[Block] = []
    notes_ids: set[int] = set()
    for column in sorted({line.column for line in lines if not line.spanning}):
        column_lines = [line for line in lines if line.column == column and not line.spanning]
        group: list[TextLine] = []
        for line in reversed(column_lines):
            if line.size > 0.92 * body_size:
                break
            group.insert(0, line)
        if len(group) == len(column_lines):  # a column all in small type: a reference list or a table
            continue
        first = next((i for i, line in enumerate(group) if _footnote_marker(line)), None)
        if first is None:
            continue
        for line in group[first:]:
            marker = _footnote_marker(line)
            if marker:
                text = line.text[line.text.index(marker) + len(marker) :]
                page_notes.append(Block(SectionKind.FOOTNOTES, [], marker=marker))
            else:
                text = line.text
            page_notes[-1].lines.append((normalise_line(text, pdf=True), line.page, numbers[id(line)], 1))
            notes_ids.add(id(line))
    return [line for line in lines if id(line) not in notes_ids], page_notes


def _footnote_marker(line: TextLine) -> str | None:
    if line.marker:
        return line.marker
    match = _TEXT_MARKER.match(line.text)
    return match.group("marker") if match else None


def _references_heading(lines: list[TextLine]) -> int | None:
    """The last line that is a reference-list heading standing alone."""
    found = [i for i, line in enumerate(lines) if REFERENCES_HEADING.match(normalise_line(line.text, pdf=True))]
    return found[-1] if found else None


def _references_end(lines: list[TextLine], heading: int) -> int:
    """Where the reference list stops: a heading set like the references one (appendix, figure legends...)."""
    marker = lines[heading]
    for index in range(heading + 1, len(lines)):
        line = lines[index]
        larger = line.size >= marker.size - 0.2 and line.size > lines[heading + 1].size + 0.5
        looks_like_heading = (line.bold and marker.bold) or larger
        appendix = _AFTER_REFERENCES.match(line.text) or _LETTERED_SECTION.match(line.text)
        if looks_like_heading and appendix and len(line.text.split()) <= 10:
            return index
    return len(lines)


def _paragraphs(lines: list[TextLine]) -> list[list[TextLine]]:
    """Split lines into paragraphs: a vertical gap wider than the usual leading, a first-line indent, a change of
    font size or weight."""
    ratio = _leading_ratio(lines)
    margins = _margins(lines)
    paragraphs: list[list[TextLine]] = []
    for line in lines:
        if paragraphs and not _starts_paragraph(paragraphs[-1][-1], line, ratio, margins):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return paragraphs


def _leading_ratio(lines: list[TextLine]) -> float:
    ratios = [
        (above.y - below.y) / above.size
        for above, below in zip(lines, lines[1:], strict=False)
        if above.page == below.page and above.column == below.column and 0 < above.y - below.y < 4 * above.size
    ]
    return median(ratios) if ratios else 1.2


def _margins(lines: list[TextLine]) -> dict[tuple[int, int], float]:
    """Left margin of each page column: the x where most of its lines start."""
    starts: dict[tuple[int, int], Counter[float]] = {}
    for line in lines:
        starts.setdefault((line.page, line.column), Counter())[round(line.x0)] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in starts.items()}


def _starts_paragraph(previous: TextLine, line: TextLine, ratio: float, margins: dict[tuple[int, int], float]) -> bool:
    if abs(previous.size - line.size) > 0.6 or previous.bold != line.bold or previous.spanning != line.spanning:
        return True
    margin = margins[(line.page, line.column)]
    same_column = previous.page == line.page and previous.column == line.column
    if 0.6 * line.size < line.x0 - margin < 6 * line.size and not (same_column and _goes_on(previous, line, margin)):
        return True
    return same_column and (previous.y - line.y) / line.size > 1.3 * ratio


def _goes_on(previous: TextLine, line: TextLine, margin: float) -> bool:
    """Does an indented line continue the indented line above it (the next line of a list item or of an indented
    quotation) rather than open a paragraph? Yes when the line above is itself a list item or indented and does
    not end a sentence, and this line is not the next item: "• Vocab: Following Beltagy et al. (2019)," / "we
    construct a cased WordPiece (Wu et al.,"."""
    indented = LIST_ITEM.match(previous.text) or previous.x0 - margin > 0.3 * previous.size
    return bool(indented) and not FULL_STOP_END.search(previous.text) and not LIST_ITEM.match(line.text)


def _is_heading(paragraph: list[TextLine], body_size: float) -> bool:
    text = " ".join(line.text for line in paragraph)
    if len(paragraph) > 2 or len(text.split()) > 14 or not any(c.isalpha() for c in text):
        return False
    if SENTENCE_END.search(text) and not text.endswith(":"):
        return False
    styled = all(line.bold for line in paragraph) or paragraph[0].size > body_size + 0.8
    return styled or text.isupper() or bool(_NUMBERED_HEADING.match(text)) and paragraph[0].size >= body_size


def _front_and_body(
    paragraphs: list[list[TextLine]], body_size: float, numbers: dict[int, int], *, front: bool = True
) -> list[Block]:
    """Title (largest type on page 1), front matter up to the first heading after it, abstract, keywords, body."""
    title_at = _title_index(paragraphs) if front else None
    body_start = _body_start(paragraphs, title_at, body_size) if title_at is not None else 0
    blocks: list[Block] = []
    in_abstract = False
    for index, paragraph in enumerate(paragraphs):
        lines = [_line(line, numbers) for line in paragraph]
        heading = _is_heading(paragraph, body_size)
        if index < body_start:
            kind, in_abstract = _front_kind(lines[0][0], index == title_at, in_abstract)
            blocks.append(Block(kind, lines, heading=heading or index == title_at))
        else:
            blocks.append(Block(SectionKind.BODY, lines, heading=heading))
    return blocks


def _title_index(paragraphs: list[list[TextLine]]) -> int | None:
    first_page = [
        (i, p) for i, p in enumerate(paragraphs) if p[0].page == 1 and sum(c.isalpha() for c in p[0].text) >= 4
    ]
    if not first_page:
        return None
    largest = max(p[0].size for _, p in first_page)
    candidates = [(i, p) for i, p in first_page if p[0].size == largest]
    return max(candidates, key=lambda item: (len(" ".join(line.text for line in item[1])), -item[0]))[0]


def _body_start(paragraphs: list[list[TextLine]], title_at: int, body_size: float) -> int:
    """The first heading after the abstract/keywords (else a numbered or "Introduction" heading) on pages 1-3;
    else the paragraph after the title."""
    early = [i for i in range(title_at + 1, len(paragraphs)) if paragraphs[i][0].page <= 3]
    front = [i for i in early if ABSTRACT.match(paragraphs[i][0].text) or KEYWORDS.match(paragraphs[i][0].text)]
    after = front[-1] + 1 if front else title_at + 1
    for index in (i for i in early if i >= after):
        paragraph = paragraphs[index]
        if _is_heading(paragraph, body_size) and (front or _INTRODUCTION.match(paragraph[0].text)):
            return index
    return after


def _front_kind(text: str, is_title: bool, in_abstract: bool) -> tuple[SectionKind, bool]:
    if is_title:
        return SectionKind.TITLE, False
    if KEYWORDS.match(text):
        return SectionKind.KEYWORDS, False
    if ABSTRACT.match(text) or in_abstract:
        return SectionKind.ABSTRACT, True
    return SectionKind.FRONT, False


def _reference_blocks(lines: list[TextLine], numbers: dict[int, int]) -> list[Block]:
    """One block per entry. Numbered lists start entries at their labels ("[3]", "3."), in sequence; author-date
    lists at the left margin when the list has hanging indents, else after a wide gap or at "Surname, X."."""
    numbered = _is_numbered([normalise_line(line.text, pdf=True) for line in lines])
    margins = _left_edges(lines)
    hanging = _has_hanging_indent(lines, margins)
    ratio = _leading_ratio(lines)
    entries: list[Block] = []
    previous: TextLine | None = None
    for line in lines:
        text = normalise_line(line.text, pdf=True)
        label = _label(text) if numbered else None
        if numbered and label and (not entries or _next_label(entries[-1].label, label)):
            item = LIST_ITEM.match(text)
            entries.append(Block(SectionKind.REFERENCES, [], label=label))
            text = text[item.end() :] if item else text
        elif not entries or not numbered and _starts_entry(previous, line, hanging, ratio, margins):
            entries.append(Block(SectionKind.REFERENCES, []))
        entries[-1].lines.append(_line(line, numbers, text))
        previous = line
    return entries


def _is_numbered(texts: list[str]) -> bool:
    """At least three lines labelled 1, 2, 3... in sequence (a year "2019." is no label)."""
    expected = 1
    for text in texts:
        if _label(text) == str(expected):
            expected += 1
    return expected > 3


def _left_edges(lines: list[TextLine]) -> dict[tuple[int, int], float]:
    """Leftmost start of each page column (entries of a hanging-indent list start there)."""
    edges: dict[tuple[int, int], float] = {}
    for line in lines:
        key = (line.page, line.column)
        edges[key] = min(edges.get(key, line.x0), line.x0)
    return edges


def _label(text: str) -> str | None:
    item = LIST_ITEM.match(text)
    return (item.group("bracket") or item.group("number")) if item else None


def _next_label(previous: str | None, label: str) -> bool:
    return previous is None or not previous.isdigit() or int(label) == int(previous) + 1


def _has_hanging_indent(lines: list[TextLine], margins: dict[tuple[int, int], float]) -> bool:
    indented = sum(0.5 * line.size < line.x0 - margins[(line.page, line.column)] < 4 * line.size for line in lines)
    return indented >= 0.2 * len(lines)


def _starts_entry(
    previous: TextLine | None, line: TextLine, hanging: bool, ratio: float, margins: dict[tuple[int, int], float]
) -> bool:
    at_margin = line.x0 - margins[(line.page, line.column)] < 0.5 * line.size
    if hanging:
        return at_margin
    same_column = previous is not None and previous.page == line.page and previous.column == line.column
    if same_column and (previous.y - line.y) / line.size > 1.3 * ratio:
        return True
    ended = previous is None or bool(SENTENCE_END.search(previous.text))
    return at_margin and ended and bool(_AUTHOR_START.match(line.text))
