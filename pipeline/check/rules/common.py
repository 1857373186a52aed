"""Small pure helpers shared by the rule modules: reference keys, partial dates, page ranges."""

from __future__ import annotations

import re
from datetime import date

from pipeline.model import PartialDate, Reference
from pipeline.months import ENGLISH_MONTHS
from pipeline.names import fold, name_key

_ISO_PART = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_FUNCTION_WORDS = {"the", "and", "for", "von", "van", "der", "den"}
_NUMBER_RANGE = re.compile(r"(\d+)\s*(?:[-–—]+\s*(\d+))?")


def author_keys(reference: Reference) -> tuple[str, ...]:
    """Folded family names (or the organisation) of an entry: ``("rajic", "gajic")``."""
    keys = tuple(author.key or name_key(author.family) for author in reference.authors)
    if not keys and reference.organisation:
        keys = (name_key(reference.organisation),)
    return tuple(k for k in keys if k)


def first_author_key(reference: Reference) -> str:
    keys = author_keys(reference)
    return keys[0] if keys else ""


def author_words(reference: Reference) -> set[str]:
    """Every folded word of the first author's name: tolerates "Rajić Nikola" parsed as one family name."""
    name = reference.authors[0].family if reference.authors else reference.organisation or ""
    return {name_key(word) for word in fold(name).split() if len(word) > 2 and word not in _FUNCTION_WORDS}


def author_label(reference: Reference) -> str:
    if reference.authors:
        families = [a.family for a in reference.authors]
        if len(families) > 2:
            return f"{families[0]} et al."
        return " and ".join(families)
    return reference.organisation or reference.raw[:40].strip()


def reference_label(reference: Reference) -> str:
    """How a reader names an entry: ``CSTO 2022e``, ``President of Russia 2022, May 15``."""
    year = f"{reference.year}{reference.year_suffix or ''}" if reference.year else "n.d."
    when = format_partial_date(PartialDate(None, reference.month, reference.day))
    return f"{author_label(reference)} {year}" + (f", {when}" if when else "")


def format_partial_date(value: PartialDate) -> str:
    """``2022, May 15`` / ``May 16`` / ``2022``; empty when nothing is known."""
    parts = []
    if value.year is not None:
        parts.append(str(value.year))
    if value.month is not None and 1 <= value.month <= 12:
        month = ENGLISH_MONTHS[value.month - 1]
        parts.append(f"{month} {value.day}" if value.day is not None else month)
    return ", ".join(parts)


def reference_dates(reference: Reference) -> tuple[PartialDate, ...]:
    """The main date of an entry and any further ones ("1992, May 15; 2010, December 10")."""
    return (PartialDate(reference.year, reference.month, reference.day), *reference.more_dates)


def parse_iso(value: str) -> PartialDate | None:
    """``2022-05-15`` / ``2022-05`` / ``2022`` -> PartialDate; None for anything else."""
    match = _ISO_PART.match(value.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    return PartialDate(year, month, day)


def earliest(value: PartialDate) -> date | None:
    """The first day a partial date can mean (2022-05 -> 2022-05-01)."""
    if value.year is None:
        return None
    try:
        return date(value.year, value.month or 1, value.day or 1)
    except ValueError:
        return None


def latest(value: PartialDate) -> date | None:
    """The last day a partial date can mean (2022-05 -> 2022-05-31)."""
    if value.year is None:
        return None
    month = value.month or 12
    if value.day is not None:
        day = value.day
    else:
        next_month = date(value.year + month // 12, month % 12 + 1, 1)
        day = (next_month - date(value.year, month, 1)).days
    try:
        return date(value.year, month, day)
    except ValueError:
        return None


def page_numbers(text: str) -> list[tuple[int, int]]:
    """Arabic page numbers and ranges in a locator or a pages field: ``pp. 17, 21-25`` -> [(17, 17), (21, 25)].

    An abbreviated range end ("221-22") is read against its start (221-222).
    """
    ranges = []
    for match in _NUMBER_RANGE.finditer(text):
        first = int(match.group(1))
        last = match.group(2)
        if last is None:
            ranges.append((first, first))
            continue
        end = int(last)
        if end < first and len(last) < len(match.group(1)):
            end = int(match.group(1)[: len(match.group(1)) - len(last)] + last)
        ranges.append((first, end))
    return ranges
