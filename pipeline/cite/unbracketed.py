"""Citations written without brackets: flattened superscript numbers and bare author-year callouts.

- A numbered paper that never cites in square brackets cites with superscripts; in a plain draft they become
  digits after a word: "terrestrial habitats 1, 2. The", "on biodiversity 15– 17.", "IIED 5 suggests". A number
  is read as such a callout only when it stands after a word (not a determiner, preposition, unit or label noun
  like "Figure"/"version"/"day"), every number is a valid entry label, and punctuation, a lower-case word or
  the paragraph end follows ("19 variables" after a comma, "km 2", "version 4" and "the 10 selected" are not).
- An author-year paper also names works outside brackets: "Burdin et al., 2014 assess ...", "as described in
  Song et al., 2021.". Such a callout needs "et al." or names that the reference list knows, then ", " or " "
  and a year that does not go on into a bracket or a date.

Both readers return ``(start, end, items)`` in document offsets; the caller skips spans it already covers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from pipeline.cite import citation_parts as parts
from pipeline.cite.refdates import MONTHS
from pipeline.model import CitationItem

Span = tuple[int, int, tuple[CitationItem, ...]]

# Digits after one space (or glued to a lower-case word: "Underlying data41."), as a list or range ("1, 2",
# "15– 17"), not part of a decimal, a larger number or a word.
_BARE_NUMBERS = re.compile(
    r"(?:(?<=[^\W\d_] )|(?<=[)’'\"”] )|(?<=[a-z]{4})|(?<=\d )|(?<=al\. ))"
    r"(\d{1,3}(?:\s?[,–—-]\s?\d{1,3})*)(?![\w%°]|[.,]\d)"
)
_AFTER_NUMBERS = re.compile(r"\s*$|[.,;:)](?!\d)|\s+[a-z(]")
_AFTER_GLUED_NUMBERS = re.compile(r"\s*$|[.,;:](?!\d)")  # "data41." but not "exon2 of"
_AFTER_NUMBER_NUMBERS = re.compile(r"\s*$|[.;:](?!\d)|\s\(")  # "by 2100 30.", "ArcGis 10.1 29 (an ..."
_WORD_BEFORE = re.compile(r"([^\W\d_][\w.’'-]*)[)’'\"”]? $")
_GLUED_WORD_BEFORE = re.compile(r"(?<![\w.])([a-z]+)$")
_VERSION_OR_YEAR_BEFORE = re.compile(r"(?<![\w.])(?:\d{4}|\d+(?:\.\d+)+) $")
# Words after which a number counts or labels something instead of citing: "the 10", "version 4", "day 3",
# "August 27". Plain plurals stay out ("adjacent areas 46"): a count comes before its noun.
_NOT_BEFORE_A_CALLOUT = frozenset(
    """a an the of to in on at by for with from into than and or nor as per via between among within about around
    approximately nearly almost over under above below up only all each every these those first last next top
    is are was were be been being has have had do does did also least most more less some any no
    figure figures fig fig. table tables section sections chapter chapters equation equations eq eq. eqs appendix
    panel panels lane lanes step steps stage stages phase day days week weeks month months year years hour hours
    min minute minutes h s sec version release model group type class grade level round trial experiment sample
    patient case cohort site area zone plot region wave exon exons intron chromosome chromosomes generation
    passage replicate line lines column columns row rows page pages part item scale factor dimension no no. number
    vol volume issue
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()  # noqa: SIM905 - a word list reads best so
)
_UNITS = frozenset(
    "km cm mm nm µm um μm m mg kg g µg ml mL µl µL l L mM µM nM kDa Da bp kb Mb ha °C K Hz kHz MHz GHz ppm".split()  # noqa: SIM905
)

# A bare author-year callout: names read back from here, then ", 2014" or " 2014" (with a suffix), not followed
# by more date or a bracket: "Burdin et al., 2014 assess", "Song et al., 2021.".
_MONTHS = "|".join(sorted({name.capitalize() for name in MONTHS}, key=len, reverse=True))  # "2014 may be": a verb
_BARE_YEAR = re.compile(
    rf"(?<=[\w.]),? (?P<year>1[5-9]\d\d|20\d\d)(?P<suffix>[a-z])?(?![\w/–-]|[.,]\d|\s?[(\[]|,? (?:{_MONTHS})\b)")


def bare_numbered(text: str, original: str, start: int, end: int, entry_count: int) -> Iterator[Span]:
    """Flattened superscript callouts in ``text[start:end]`` of a numbered paper with ``entry_count`` entries.
    ``text`` is read; item texts come from ``original`` (same offsets, emphasis not blanked)."""
    for match in _BARE_NUMBERS.finditer(text, start, end):
        if not _callout_context(text, match.start(), match.end(), start, end):
            continue
        numbers = _numbers(match.group(1), entry_count)
        if numbers is None:
            continue
        span_start, span_end = match.span(1)
        items = tuple(
            CitationItem(span_start, span_end, original[span_start:span_end], "numeric", number=number)
            for number in numbers
        )
        yield span_start, span_end, items


def _callout_context(text: str, at: int, after: int, floor: int, ceiling: int) -> bool:
    """What stands before and after the digits allows a callout (see the module docstring)."""
    if text[at - 1] != " ":  # glued to a lower-case word
        return bool(_AFTER_GLUED_NUMBERS.match(text, after, ceiling)) and _callout_word(text, at, floor)
    if text[at - 2].isdigit():
        return bool(_VERSION_OR_YEAR_BEFORE.search(text, max(floor, at - 12), at)) and bool(
            _AFTER_NUMBER_NUMBERS.match(text, after, ceiling)
        )
    return bool(_AFTER_NUMBERS.match(text, after, ceiling)) and (
        text[at - 2] == ")" or _callout_word(text, at, floor)  # "(AUC) 39"
    )


def _callout_word(text: str, at: int, floor: int) -> bool:
    """The word before ``at`` may carry a callout: not a function word, label noun or unit ("km 2", "CO 2")."""
    pattern = _WORD_BEFORE if text[at - 1] == " " else _GLUED_WORD_BEFORE
    word = pattern.search(text, max(floor, at - 40), at)
    if word is None:
        return False
    value = word.group(1)
    if value in ("al.", "al"):  # "Frosi et al. 43"
        return True
    return value.lower() not in _NOT_BEFORE_A_CALLOUT and value not in _UNITS and len(value.rstrip(".")) > 2


def _numbers(callout: str, entry_count: int) -> list[int] | None:
    """``1, 2`` -> [1, 2]; ``15– 17`` -> [15, 16, 17]; None when a number is no entry label."""
    numbers: list[int] = []
    for token in callout.split(","):
        first, _, last = token.replace("–", "-").replace("—", "-").partition("-")
        low, high = int(first), int(last or first)
        if not 1 <= low <= high <= entry_count:
            return None
        numbers.extend(range(low, high + 1))
    return numbers


def bare_author_year(
    text: str, original: str, start: int, end: int, known: Callable[[tuple[str, ...]], bool]
) -> Iterator[Span]:
    """Author-year callouts outside brackets in ``text[start:end]``; ``known`` says whether a reference-list
    author leads the names (asked only when there is no "et al." and only one name)."""
    for match in _BARE_YEAR.finditer(text, start, end):
        names = parts.read_names(text, match.start(), start=max(start, match.start() - 120))
        if names is None or not (names.et_al or known(names.authors)) or len(names.authors) > 2:
            continue  # "Pallotto M, Watkins PV, Fubara B, 2015": a reference-style list (a data citation)
        if not _standalone(text, names.start, start):
            continue
        item = CitationItem(
            names.start,
            match.end(),
            original[names.start : match.end()],
            "author-date",
            authors=names.authors,
            year=int(match["year"]),
            year_suffix=match["suffix"],
        )
        yield names.start, match.end(), (item,)


def _standalone(text: str, name_start: int, floor: int) -> bool:
    """The names open a sentence or clause, or follow an ordinary word ("as in", "described in", "However,")."""
    before = text[floor:name_start].rstrip()
    return not before or before[-1] in ".,;:" or before[-1].isalpha()
