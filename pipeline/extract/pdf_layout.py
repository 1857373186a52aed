"""Lines, columns and page furniture rebuilt from the positioned text runs of PDF pages.

pypdf reports text as runs (a string, the text and transformation matrices, the font) through
``extract_text(visitor_text=...)``; a run never spans two lines. Here runs become lines, lines get a column and a
reading order, and what repeats in the page margins (running heads, page numbers) or numbers the lines of a
manuscript is dropped. Glyph widths are not reported, so the right end of a line is estimated from its characters.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from pypdf import PageObject

_CHAR_WIDTH = 0.42  # average glyph width in em; only used to tell column-spanning lines from column lines
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|medi|,b\b", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\d{1,5}$")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,5}(?:\s*(?:of|/)\s*\d{1,5})?$", re.IGNORECASE)
_MARGIN_SHARE = 0.12  # running heads and footers sit in the outer 12% of the page height


@dataclass(frozen=True)
class Run:
    """A piece of text with one font, at a position in page space (points, origin bottom left)."""

    text: str
    x: float
    y: float
    size: float
    bold: bool = False


@dataclass
class TextLine:
    """The runs that share a baseline within one column."""

    runs: list[Run]
    page: int
    column: int = 0  # index of the column the line starts in; -1 for notes left of the first column
    spanning: bool = False  # crosses the gutter (titles, wide captions)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs).strip()

    @property
    def x0(self) -> float:
        return self.runs[0].x

    @property
    def x1(self) -> float:
        last = self.runs[-1]
        return last.x + len(last.text.rstrip()) * last.size * _CHAR_WIDTH

    @property
    def y(self) -> float:
        return self.main_run.y

    @property
    def size(self) -> float:
        return round(self.main_run.size, 1)

    @property
    def main_run(self) -> Run:
        """The run with most (size-weighted) characters: its size and baseline are the line's, not a superscript's."""
        return max(self.runs, key=lambda run: len(run.text.strip()) * run.size)

    @property
    def bold(self) -> bool:
        return all(run.bold for run in self.runs if run.text.strip())

    @property
    def marker(self) -> str | None:
        """A leading superscript (footnote marker): smaller than the line and raised above its baseline."""
        first = self.runs[0]
        text = first.text.strip()
        main = self.main_run
        if first is main or not 0 < len(text) <= 3 or first.size > 0.85 * main.size:
            return None
        return text if first.y > main.y + 0.15 * main.size else None


@dataclass
class PageLines:
    number: int
    width: float
    height: float
    lines: list[TextLine] = field(default_factory=list)
    line_numbers: bool = False  # the page numbered its lines in the margin (dropped)


def page_runs(page: PageObject) -> list[Run]:
    """Horizontal text runs of a page in content-stream order."""
    runs: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, font_size: float) -> None:
        if not text.strip():
            return
        matrix = _multiply(tm, cm)
        base_font = str(font.get("/BaseFont", "")) if hasattr(font, "get") else ""
        size = abs(font_size) * math.hypot(matrix[2], matrix[3])
        runs.append(Run(text.replace("\n", " "), matrix[4], matrix[5], size, bool(_BOLD_FONT.search(base_font))))

    page.extract_text(orientations=(0,), visitor_text=visit)
    return _merge_drop_capitals(runs)


def _multiply(m: list[float], n: list[float]) -> list[float]:
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def _merge_drop_capitals(runs: list[Run]) -> list[Run]:
    """A large initial letter ("S" + "ome years ago") belongs to the run that follows it."""
    merged: list[Run] = []
    for run in runs:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and len(previous.text.strip()) == 1
            and previous.text.strip().isalpha()
            and previous.size > 2.5 * run.size
            and run.text[:1].islower()
        ):
            merged[-1] = Run(previous.text.strip() + run.text, run.x, run.y, run.size, run.bold)
        else:
            merged.append(run)
    return merged


def drop_line_numbers(runs: list[Run]) -> tuple[list[Run], bool]:
    """Remove the margin line numbers of a line-numbered manuscript: bare numbers left of all the text."""
    numbers = [run for run in runs if _BARE_NUMBER.match(run.text.strip())]
    text_runs = [run for run in runs if not _BARE_NUMBER.match(run.text.strip())]
    if len(numbers) < 5 or not text_runs:
        return runs, False
    left_margin = min(run.x for run in text_runs)
    in_margin = {id(run) for run in numbers if run.x + len(run.text.strip()) * run.size * _CHAR_WIDTH <= left_margin}
    if len(in_margin) < 5:
        return runs, False
    return [run for run in runs if id(run) not in in_margin], True


def build_lines(runs: list[Run], page: int) -> list[TextLine]:
    """Group runs that share a baseline and follow each other left to right."""
    lines: list[TextLine] = []
    for run in runs:
        line = lines[-1] if lines else None
        if line is not None and _continues_line(line, run):
            line.runs.append(_spaced(line.runs[-1], run))
        else:
            lines.append(TextLine([run], page))
    return lines


def _continues_line(line: TextLine, run: Run) -> bool:
    last = line.runs[-1]
    size = max(run.size, line.main_run.size)
    same_baseline = abs(run.y - line.main_run.y) <= 0.45 * size
    follows = run.x >= last.x - 0.5 and run.x - line.x1 < 6 * size
    return same_baseline and follows


def _spaced(previous: Run, run: Run) -> Run:
    """Runs with a visible gap between them and no space of their own get one."""
    width = len(previous.text) * previous.size * _CHAR_WIDTH
    gap = run.x - (previous.x + width)
    if gap > max(2 * run.size, 0.15 * width) and not previous.text.endswith(" ") and not run.text.startswith(" "):
        return Run(" " + run.text, run.x, run.y, run.size, run.bold)
    return run


def order_page(page: PageLines) -> list[TextLine]:
    """Reading order: bands separated by column-spanning lines; within a band, column by column."""
    starts = column_starts(page.lines, page.width)
    for line in page.lines:
        _assign_column(line, starts)
    ordered: list[TextLine] = []
    band: list[TextLine] = []
    for line in sorted(page.lines, key=lambda item: -item.y):
        if line.spanning:
            ordered.extend(sorted(band, key=lambda item: (item.column, -item.y)))
            ordered.append(line)
            band = []
        else:
            band.append(line)
    ordered.extend(sorted(band, key=lambda item: (item.column, -item.y)))
    return ordered


def column_starts(lines: list[TextLine], width: float) -> list[float]:
    """Left edges of the text columns: x positions where many lines start, at least a fifth of the page apart."""
    long_lines = [line for line in lines if len(line.text) >= 15]
    counts = Counter(round(line.x0 / 3) * 3 for line in long_lines)
    needed = max(4, 0.15 * len(long_lines))
    starts: list[float] = []
    for x, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if count >= needed and all(abs(x - start) > 0.2 * width for start in starts):
            starts.append(x)
    return sorted(starts) or [min((line.x0 for line in lines), default=0.0)]


def _assign_column(line: TextLine, starts: list[float]) -> None:
    tolerance = 2 * line.size
    if line.x0 < starts[0] - 2 * tolerance:  # further out than a hanging indent
        line.column = -1
        return
    line.column = max(index for index, start in enumerate(starts) if line.x0 >= start - tolerance or index == 0)
    following = starts[line.column + 1] if line.column + 1 < len(starts) else None
    if following is not None:
        line.spanning = line.x1 > following + 0.25 * (following - starts[line.column])


def drop_furniture(pages: list[PageLines]) -> None:
    """Remove running heads/footers (same text, digits aside, at the same height on several pages), page numbers
    at the top or bottom, and what lies beyond them in the margin (e.g. the proceedings line on page 1)."""
    repeats = Counter(key for page in pages for key in {_furniture_key(line, page) for line in page.lines} if key)
    needed = max(2, math.ceil(0.25 * len(pages)))
    for page in pages:
        furniture = [
            line for line in page.lines if repeats[_furniture_key(line, page)] >= needed or _is_page_number(line, page)
        ]
        if not furniture:
            continue
        top = [line.y for line in furniture if line.y > page.height / 2]
        bottom = [line.y for line in furniture if line.y <= page.height / 2]
        page.lines = [
            line
            for line in page.lines
            if line not in furniture and not (top and line.y > max(top)) and not (bottom and line.y < min(bottom))
        ]


def _in_margin(line: TextLine, page: PageLines) -> bool:
    return line.y < page.height * _MARGIN_SHARE or line.y > page.height * (1 - _MARGIN_SHARE)


def _furniture_key(line: TextLine, page: PageLines) -> str | None:
    if not _in_margin(line, page):
        return None
    return f"{round(line.y / 4)}|{re.sub(r'[0-9]+', '#', line.text.lower())}"


def _is_page_number(line: TextLine, page: PageLines) -> bool:
    if not _PAGE_NUMBER.match(line.text) or not _in_margin(line, page):
        return False
    ys = [other.y for other in page.lines]
    return line.y >= max(ys) or line.y <= min(ys)
