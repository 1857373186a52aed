"""Dates inside reference strings: the publication date and the access date.

Publication dates come as ``(2022a)``, ``(2022, May 15)``, ``(2022, March19)``, ``(1992, May 15; 2010, December 10)``,
``2010.`` after the authors (eLife, Harvard), ``2010;12(3)`` (Vancouver) or a bare year near the end.
Access dates come after "Accessed"/"Retrieved" in day.month.year or month-name forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model import PartialDate
from pipeline.months import MONTHS

_MONTH = rf"(?i:{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?"
MONTH_PATTERN = rf"(?:{_MONTH}(?![^\W\d_]))"  # a month name written in a reference (for other modules)
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
# A year that is not part of a longer number, a page range or an identifier.
BARE_YEAR = re.compile(rf"(?<![\w\-–/.:])(?P<year>{YEAR})(?P<suffix>[a-z])?(?![\w\-–/]|\.\d)")
SEASON_PATTERN = r"(?i:winter|spring|summer|autumn|fall)"  # an issue dated by its season: "(2010, Spring)"
# A day written before its month, as German, French and British writers put it: "3. März", "1er janvier",
# "15th May", "15 May" (for other modules too: citations are dated the same way).
DAY_MARK = r"(?:\.|er|st|nd|rd|th)?"
DAY_MONTH_PATTERN = rf"(?P<day_first>\d{{1,2}}){DAY_MARK}\s*(?P<month_after>{MONTH_PATTERN})"
# A month, or an issue's two months, then maybe the day: "May 15", "March19", "September/October", "Jan.–Feb.".
_MONTH_DAY = rf"(?P<month>{MONTH_PATTERN})(?:\s?[-/–]\s?{MONTH_PATTERN})?\s*(?P<day>\d{{1,2}})?"
# One date inside the parentheses that follow the authors: "2022", "2022a", "2022, May 15", "2019, 3. März".
_ONE_DATE = rf"(?P<year>{YEAR})(?P<suffix>[a-z])?(?:,?\s*(?:{_MONTH_DAY}|{DAY_MONTH_PATTERN}|{SEASON_PATTERN}))?"
ONE_DATE = re.compile(_ONE_DATE, re.IGNORECASE)
PAREN_DATES = re.compile(rf"\(\s*(?:{_ONE_DATE}|n\.\s?d\.?)(?:\s*[;,]\s*{YEAR}[^)]*)?\s*\)", re.IGNORECASE)
# eLife / Harvard without parentheses: "Surname AB. 2010. Title" or "Surname, A., 2004a, ApJ".
LEAD_YEAR = re.compile(rf"^[\s.,:]*(?P<year>{YEAR})(?P<suffix>[a-z])?(?=[.,:;)]|\s|$)")
VANCOUVER_YEAR = re.compile(rf"(?<![\w\-–/])(?P<year>{YEAR})(?:\s+{_MONTH}(?:\s*\d{{1,2}})?)?\s*;")
ACCESS_KEYWORD = re.compile(r"\b(?:accessed|retrieved|retreived|viewed|consulted|last visited)\b(?:\s+on)?:?",
                            re.IGNORECASE)
NUMERIC_ACCESS = re.compile(r"^\s*(?P<day>\d{1,2})\s*\.\s*(?P<month>\d{1,2})\s*\.?\s*(?P<year>\d{4})")
ISO_ACCESS = re.compile(r"^\s*(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
MONTH_FIRST_ACCESS = re.compile(rf"^\s*(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})", re.I)
DAY_FIRST_ACCESS = re.compile(rf"^\s*(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH}),?\s+(?P<year>\d{{4}})", re.I)
YEAR_FIRST_ACCESS = re.compile(rf"^\s*(?P<year>\d{{4}})\s+(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})\b", re.I)  # PLOS


@dataclass(frozen=True, slots=True)
class FoundDate:
    """The publication date and where it was written in the searched text."""

    year: int | None
    suffix: str | None
    month: int | None
    day: int | None
    more: tuple[PartialDate, ...]
    start: int
    end: int


def month_number(name: str | None) -> int | None:
    if not name:
        return None
    return MONTHS.get(name.lower().rstrip("."))


def valid_day(month: int | None, day: str | None) -> int | None:
    if month is None or not day:
        return None
    value = int(day)
    return value if 1 <= value <= 31 else None


def _found(match: re.Match[str], offset: int = 0, more: tuple[PartialDate, ...] = ()) -> FoundDate:
    groups = match.groupdict()
    month = month_number(groups.get("month") or groups.get("month_after"))
    day = groups.get("day") or groups.get("day_first")
    return FoundDate(int(groups["year"]), groups.get("suffix"), month, valid_day(month, day), more,
                     match.start() + offset, match.end() + offset)


def parse_paren_dates(match: re.Match[str]) -> FoundDate:
    """``(1992, May 15; 2010, December 10)``: the first date is the primary one, the others go to ``more``."""
    inner = match.group(0)[1:-1]
    if match.group("year") is None:  # (n.d.)
        return FoundDate(None, None, None, None, (), match.start(), match.end())
    parts = [ONE_DATE.search(part) for part in inner.split(";")]
    dates = [_found(part) for part in parts if part]
    more = tuple(PartialDate(d.year, d.month, d.day) for d in dates[1:])
    first = dates[0]
    return FoundDate(first.year, first.suffix, first.month, first.day, more, match.start(), match.end())


def date_after_authors(text: str, start: int) -> FoundDate | None:
    """A date written right after the author list (author-date styles)."""
    rest = text[start:]
    skipped = len(rest) - len(rest.lstrip(" .,:"))
    paren = PAREN_DATES.match(rest, skipped)
    if paren:
        found = parse_paren_dates(paren)
        return FoundDate(found.year, found.suffix, found.month, found.day, found.more,
                         found.start + start, found.end + start)
    lead = LEAD_YEAR.match(rest)
    return _found(lead, start) if lead else None


def date_anywhere(text: str, start: int) -> FoundDate | None:
    """The publication date of a style that puts it later: parenthesised, Vancouver ``2010;``, else the last year."""
    rest = text[start:]
    paren = next((m for m in PAREN_DATES.finditer(rest) if m.group("year")), None)
    if paren:
        found = parse_paren_dates(paren)
        return FoundDate(found.year, found.suffix, found.month, found.day, found.more,
                         found.start + start, found.end + start)
    vancouver = VANCOUVER_YEAR.search(rest)
    if vancouver:
        return _found(vancouver, start)
    years = list(BARE_YEAR.finditer(rest))
    if not years:
        return None
    found = _found(years[-1], start)
    return _with_month_before(text, found)


_MONTH_BEFORE = re.compile(rf"(?:(?P<day>\d{{1,2}})\s+)?(?P<month>{_MONTH})\s*(?P<day2>\d{{1,2}})?,?\s*$", re.I)


def _with_month_before(text: str, found: FoundDate) -> FoundDate:
    """"May 1993" or "15 Feb. 1993": pick up a month (and day) written just before a bare year."""
    window = max(0, found.start - 24)
    before = _MONTH_BEFORE.search(text[window:found.start])
    if not before:
        return found
    month = month_number(before.group("month"))
    day = valid_day(month, before.group("day") or before.group("day2"))
    return FoundDate(found.year, found.suffix, month, day, (), window + before.start(), found.end)


def find_accessed(text: str) -> tuple[str | None, tuple[int, int] | None]:
    """ISO date after "Accessed"/"Retrieved" and the span to remove; "Retrieved from: URL" gives no date."""
    for keyword in ACCESS_KEYWORD.finditer(text):
        rest = text[keyword.end():]
        for pattern in (ISO_ACCESS, NUMERIC_ACCESS, MONTH_FIRST_ACCESS, DAY_FIRST_ACCESS, YEAR_FIRST_ACCESS):
            match = pattern.match(rest)
            if not match:
                continue
            month = match.group("month")
            month_value = int(month) if month.isdigit() else month_number(month)
            day, year = int(match.group("day")), int(match.group("year"))
            if month_value and 1 <= month_value <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month_value:02d}-{day:02d}", (keyword.start(), keyword.end() + match.end())
    return None, None
