"""Date mentions in a document's running text, normalised to ISO 8601.

Rule-based (regular expressions plus a small range grammar), so it is fast and deterministic and needs no model.
It reads every paragraph outside the reference list and ignores citation spans: "(CSTO, 2022, April 29)" dates a
source, not an event of the text.

Values: ``1992-05-15`` (day), ``2006-11`` (month), ``2013`` (year), intervals ``2006/2012`` and
``2022-05-18/2022-05-19``; a date whose year cannot be inferred is written without it (``--05-15``, ``--05``).
``DateMention.inferred`` says how a missing year was filled in, and notes qualifiers ("mid-May") and readings
(seasons). ``parse_date_value`` turns a value back into the earliest and latest calendar day it can denote.

The check stage also gets ``find_anniversaries`` ("the 30th anniversary of ...") and ``find_relative_offsets``
("two days after ..."), the raw material of its arithmetic checks.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from pipeline.model import Citation, DateMention, Document, Paragraph, SectionKind
from pipeline.months import ENGLISH_MONTHS, MONTHS

MIN_YEAR = 1000
MAX_YEAR = 2100
# A bare number below this is a year only after a time cue ("in 1066"): in science text "1326 ROIs", "residues
# 1148-1210" are far more common than medieval years.
CUED_ONLY_BELOW = 1500
_LOOKBEHIND = 40  # characters of context read on each side of a number

_FULL_MONTH = rf"(?:{'|'.join(ENGLISH_MONTHS)})"
# Abbreviations only count before a day or a year ("Jan. 5", "Sept 2019"); full names are case-sensitive so that
# the verb "may" is never a month.
_ANY_MONTH = rf"(?:{_FULL_MONTH}\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|\b))"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_ORDINAL = r"(?:st|nd|rd|th)?"
_QUALIFIER = r"(?:(?P<q>[Mm]id|[Ee]arly|[Ll]ate)[-\s])?"
# What may follow a number that is still a date: not a letter, percent sign, decimal or thousands part.
_NUMBER_END = r"(?![\w%‰]|[.,]\d(?!\d?\s+[\"“A-Z]))"  # ".4 Since" is a footnote marker after a year, not a decimal
_YEAR_END = r"(?![\w%‰]|,\d|[-–/]\w|\.\d(?!\d?\s+[\"“A-Z]))"

_ISO_DATE = re.compile(r"(?<![\w./-])(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\w/-]|\.\d)")
_MONTH_DAY = re.compile(
    rf"(?<!\w){_QUALIFIER}(?P<m>{_ANY_MONTH})\s+(?P<d>{_DAY}){_ORDINAL}"
    rf"(?:\s*[-–—]\s*(?P<d2>{_DAY}){_ORDINAL})?{_NUMBER_END}(?:,?\s+(?P<y>\d{{4}}){_YEAR_END})?"
)
_DAY_MONTH = re.compile(
    rf"(?<![\w.,])(?P<d>{_DAY}){_ORDINAL}(?:\s*[-–—]\s*(?P<d2>{_DAY}){_ORDINAL})?(?:\s+of)?"
    rf"\s+(?P<m>{_ANY_MONTH})(?:,?\s+(?P<y>\d{{4}}){_YEAR_END})?"
)
_MONTH_YEAR = re.compile(rf"(?<!\w){_QUALIFIER}(?P<m>{_ANY_MONTH})(?:\s+of)?,?\s+(?P<y>\d{{4}}){_YEAR_END}")
_DOTTED = re.compile(r"(?<![\w.,])(?P<d>0?[1-9]|[12]\d|3[01])\.\s?(?P<m>0?[1-9]|1[0-2])\.\s?(?P<y>\d{4})" + _YEAR_END)
_SEASON = re.compile(
    r"(?<!\w)(?P<s>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)(?:\s+of)?,?\s+(?P<y>\d{4})" + _YEAR_END
)
_DECADE = re.compile(r"(?<![\w$€£¥.,/\\–—-])" + _QUALIFIER + r"(?P<y>\d{3}0)['’]?s\b")
_YEAR_RANGE = re.compile(r"(?<![\w$€£¥.,/\\–—-])(?P<y>\d{4})\s?[-–—]\s?(?P<y2>\d{4}|\d{2})" + _YEAR_END)
_YEAR = re.compile(r"(?<![\w$€£¥.,/\\–—-])" + _QUALIFIER + r"(?P<y>\d{4})" + _YEAR_END)
_CUED_MONTH = re.compile(
    r"(?<!\w)(?:(?P<cue>[Ii]n|[Dd]uring|[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y|[Ff]rom|[Tt]o|[Tt]hrough|[Bb]efore|[Aa]fter|"
    r"[Oo]f|[Ee]nd\s+of|[Bb]eginning\s+of|[Ss]tart\s+of)\s+)?"
    + _QUALIFIER
    + rf"(?P<m>{_FULL_MONTH})(?!\w|['’]s|\s*\d|\.\d)"
)

# Numbers that are labels, not years: "Article 51", "p. 423", "Resolution 1244", "residues 1040-1042", "n = 2000",
# "1:1000", "$1400", "∼2000".
_LABEL_BEFORE = re.compile(
    r"(?:\b(?:pp?|pg|pages?|vols?|volumes?|nos?|nr|arts?|articles?|paras?|paragraphs?|sect?|sections?|ch|chap|"
    r"chapters?|figs?|figures?|tables?|tab|resolutions?|decrees?|numbers?|isbn|issn|iso|lines?|rules?|"
    r"regulations?|directives?|models?|flights?|rooms?|id|steps?|versions?|items?|eqs?|equations?|refs?|"
    r"footnotes?|appendix|box|grants?|awards?|contracts?|protocols?|routes?|highways?|tel|phone|fax|residues?|"
    r"positions?|amino\s+acids?|nucleotides?|codons?)\.?\s*$|[#§¶=×±<>≤≥~∼^+$€£¥]\s*$|\d\s?:\s*$)",
    re.IGNORECASE,
)
# Words before a number that make it a quantity whatever follows: "more than 2000", "out of 1023", "per 1000".
_QUANTITY_CUE_BEFORE = re.compile(
    r"\b(?:about|approximately|approx\.|more\s+than|less\s+than|fewer\s+than|greater\s+than|nearly|almost|roughly|"
    r"up\s+to|at\s+least|at\s+most|total\s+of|out\s+of|per|estimated|numbering|exceeding)\s+$",
    re.IGNORECASE,
)
# A time cue before a number makes it a year ("in 2013", "since 1999"); a weak cue or a determiner does unless a
# count follows ("the 2006 study" but "of 1000 samples").
_TIME_CUE_BEFORE = re.compile(
    r"\b(?:in|since|by|until|till|during|before|after|from|between|through|as\s+of|year|early|late|mid)\s+$",
    re.IGNORECASE,
)
_WEAK_CUE_BEFORE = re.compile(
    r"(?:\b(?:of|around|circa|c\.|ca\.|the|this|that|its|their|his|her|our|whose|each|every)|['’]s)\s+$",
    re.IGNORECASE,
)
# A capitalised word just before: the number belongs to a name ("Lipofectamine 2000", "HiSeq 1500", "Horizon 2020").
_NAME_BEFORE = re.compile(r"\b[A-Z][\w-]*\.?\s+$")
_UNIT_AFTER = re.compile(
    r"^\s*(?:%|‰|×|x\s?10\b|percent\b|per\s+cent\b|(?:years?|yrs?|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|"
    r"seconds?|secs?|km|kilometres|kilometers|miles|metres|meters|cm|mm|nm|µm|μm|kg|mg|µg|μg|ng|tons|tonnes|ms|"
    r"min|Hz|kHz|MHz|GHz|rpm|RPM|bp|kb|kbp|Mb|kDa|Da|mV|mA|kW|MW|ml|mL|µl|μl|µL|μL|nM|µM|μM|mM|px|pixels|dollars|"
    r"euros|rubles|roubles|dinars|billion|million|thousand|bn|times|fold)\b|°|[smhgKMLVWx](?=[\s,;:)\]]|$))"
)
_COUNT_NOUN_AFTER = re.compile(
    r"^\s*(?:people|persons?|troops|soldiers|servicemen|personnel|members|pieces|units|copies|cells|neurons|nuclei|"
    r"patients|participants|subjects|samples|animals|mice|rats|flies|fish|larvae|embryos|genes|proteins|reads|"
    r"words|pages|inhabitants|residents|refugees|migrants|votes|seats|cases|deaths|individuals|respondents|"
    r"households|students|employees|workers|men|women|children|tanks|aircraft|vehicles|weapons|items|trials|"
    r"iterations|epochs|steps|points|sites|species|images|frames|spikes|residues|sequences|isolates|strains|"
    r"clones|plants|seeds|colonies|compounds|chemicals|replicates)\b|^\s*[A-Z]{2,}s\b"  # "1326 ROIs"
)
_FUNCTION_WORD_AFTER = re.compile(
    r"^\s+(?:the|a|an|and|or|but|when|while|which|that|as|to|in|on|at|for|with|by|from|of|it|its|he|she|they|"
    r"we|there|this|these|those|was|were|is|are|had|has|have)\b"
)
_RANGE_CONNECTOR = re.compile(r"\s*(?:[-–—]|to|until|till|through|thru|and)\s*")
_RANGE_OPENER = re.compile(r"\b(?P<word>[Ff]rom|[Bb]etween)\s+$")

_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
_QUALIFIER_NOTES = {
    "mid": "the middle of the {unit}",
    "early": "the start of the {unit}",
    "late": "the end of the {unit}",
}


@dataclass(frozen=True, slots=True)
class _Point:
    """A calendar point as written: year, month and day may each be missing."""

    year: int | None
    month: int | None = None
    day: int | None = None

    @property
    def granularity(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        tail = "".join(f"-{part:02d}" for part in (self.month, self.day) if part)
        return f"{self.year:04d}{tail}" if self.year is not None else f"-{tail}"


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A date found in one paragraph; offsets are paragraph-local until ``find_dates`` shifts them."""

    start: int
    end: int
    first: _Point
    last: _Point | None = None  # the end of an interval
    notes: tuple[str, ...] = ()
    sets_context: bool = True  # whether its year may date a later yearless mention (decades may not)

    @property
    def points(self) -> tuple[_Point, ...]:
        return (self.first,) if self.last is None else (self.first, self.last)

    @property
    def year(self) -> int | None:
        """The year closest to what follows: the end of an interval."""
        return (self.last or self.first).year

    @property
    def needs_year(self) -> bool:
        return any(point.year is None for point in self.points)


# --- public API ---------------------------------------------------------------------------------------------------


def find_dates(
    document: Document, citations: Sequence[Citation], *, reference_year: int | None = None
) -> tuple[DateMention, ...]:
    """Date mentions outside the reference list and outside citation spans, in text order, ids ``d1``, ``d2``..."""
    found: list[tuple[tuple[int, int], Paragraph, _Candidate]] = []
    for paragraph, context_key in _readable_paragraphs(document):
        text = _masked_text(document.text, paragraph, citations)
        for candidate in _paragraph_dates(text):
            shifted = replace(candidate, start=candidate.start + paragraph.start, end=candidate.end + paragraph.start)
            reading_position = context_key if context_key is not None else shifted.start
            found.append(((reading_position, shifted.start), paragraph, shifted))
    found.sort(key=lambda item: item[2].start)
    resolved = _infer_years(found, reference_year)
    return tuple(
        DateMention(
            id=f"d{index}",
            start=candidate.start,
            end=candidate.end,
            text=document.text[candidate.start : candidate.end],
            value="/".join(point.iso() for point in candidate.points),
            granularity=_coarsest(candidate.points),
            inferred="; ".join(candidate.notes) or None,
        )
        for index, candidate in enumerate(resolved, start=1)
    )


def parse_date_value(value: str) -> tuple[date, date]:
    """The earliest and latest calendar day an ISO 8601 value of ``find_dates`` can denote.

    ``2006-11`` -> (2006-11-01, 2006-11-30); ``2006/2012`` -> (2006-01-01, 2012-12-31); a yearless ``--05-15`` can be
    any year, so -> (0001-05-15, 9999-05-15). A reversed interval gives ``lo > hi``: that is the "end before start"
    the check stage reports. Raises ``ValueError`` for anything else.
    """
    parts = value.split("/")
    if len(parts) > 2 or not all(parts):
        raise ValueError(f"not an ISO 8601 date or interval: {value!r}")
    return _part_bounds(parts[0])[0], _part_bounds(parts[-1])[1]


class Anniversary(NamedTuple):
    """A named anniversary.

    "the 30th anniversary of the signing of the Treaty" gives years=30, what="the signing of the Treaty".
    """

    start: int
    end: int
    years: int
    what: str


class RelativeOffset(NamedTuple):
    """A span of time counted from an event.

    "Two days after the conflict began" gives amount=2, unit="day", direction="after", what="the conflict began".
    """

    start: int
    end: int
    amount: int
    unit: str  # day | week | month | year | decade
    direction: str  # after | before | later | earlier | ago
    what: str  # the event it counts from ("" for "later", "earlier", "ago")


def find_anniversaries(document: Document, citations: Sequence[Citation] = ()) -> list[Anniversary]:
    """Anniversaries named in the running text, for the check stage's "does N add up" rule."""
    found: list[Anniversary] = []
    for paragraph, _ in _readable_paragraphs(document):
        text = _masked_text(document.text, paragraph, citations)
        for match in _ANNIVERSARY.finditer(text):
            years = _ordinal_value(match.group("n"))
            what = _ANNIVERSARY_STOP.split(match.group("what"), maxsplit=1)[0].strip()
            if years and what:
                start = paragraph.start + match.start()
                found.append(Anniversary(start, paragraph.start + match.start("what") + len(what), years, what))
    return found


def find_relative_offsets(document: Document, citations: Sequence[Citation] = ()) -> list[RelativeOffset]:
    """Offsets like "N days/weeks/months/years after/before X" and "N years later/earlier/ago" in the running text."""
    found: list[RelativeOffset] = []
    for paragraph, _ in _readable_paragraphs(document):
        text = _masked_text(document.text, paragraph, citations)
        for match in _RELATIVE.finditer(text):
            amount = _cardinal_value(match.group("n"))
            if amount is None:
                continue
            direction = match.group("dir").lower()
            what = match.group("what").strip() if direction in ("after", "before") else ""
            end = match.start("what") + len(match.group("what").rstrip()) if what else match.end("dir")
            found.append(
                RelativeOffset(
                    paragraph.start + match.start(),
                    paragraph.start + end,
                    amount,
                    match.group("unit").lower().removesuffix("s"),
                    direction,
                    what,
                )
            )
    return found


# --- where to look ------------------------------------------------------------------------------------------------


def _readable_paragraphs(document: Document) -> list[tuple[Paragraph, int | None]]:
    """Paragraphs outside the reference list, each with the position that stands for it in reading order.

    A footnote is read where its anchor is, so a yearless date in it takes its year from the text before the anchor.
    """
    kinds = {section.id: section.kind for section in document.sections}
    anchors = {(note.start, note.end): note.anchor for note in document.footnotes}
    readable = []
    for paragraph in document.paragraphs:
        if kinds.get(paragraph.section) == SectionKind.REFERENCES:
            continue
        readable.append((paragraph, anchors.get((paragraph.start, paragraph.end))))
    return readable


def _masked_text(text: str, paragraph: Paragraph, citations: Sequence[Citation]) -> str:
    """The paragraph's text with every citation span blanked out by NUL characters (offsets stay the same).

    NUL is neither a word character nor white space, so no pattern can match into or across a citation.
    """
    chars = list(text[paragraph.start : paragraph.end])
    for citation in citations:
        lo, hi = max(citation.start, paragraph.start), min(citation.end, paragraph.end)
        if lo < hi:
            chars[lo - paragraph.start : hi - paragraph.start] = "\0" * (hi - lo)
    return "".join(chars)


# --- finding dates in one paragraph -------------------------------------------------------------------------------


def _paragraph_dates(text: str) -> list[_Candidate]:
    candidates = [
        candidate
        for pattern, build in _BUILDERS
        for match in pattern.finditer(text)
        if (candidate := build(match, text)) is not None
    ]
    return _join_ranges(_longest_first(candidates), text)


def _longest_first(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates, preferring the longest ("May 15, 1992" over "1992"), in text order."""
    chosen: list[_Candidate] = []  # kept sorted by start, so each overlap test looks at two neighbours only
    starts: list[int] = []
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        index = bisect_left(starts, candidate.start)
        before_free = index == 0 or chosen[index - 1].end <= candidate.start
        after_free = index == len(chosen) or candidate.end <= chosen[index].start
        if before_free and after_free:
            chosen.insert(index, candidate)
            starts.insert(index, candidate.start)
    return chosen


def _join_ranges(candidates: list[_Candidate], text: str) -> list[_Candidate]:
    """Ranges such as "2006 to 2012", "from May 30 to June 2, 2022" or "between 2018 and 2020" become intervals."""
    joined: list[_Candidate] = []
    index = 0
    while index < len(candidates):
        current = candidates[index]
        following = candidates[index + 1] if index + 1 < len(candidates) else None
        interval = _as_interval(current, following, text) if following else None
        joined.append(interval or current)
        index += 2 if interval else 1
    return joined


def _as_interval(first: _Candidate, second: _Candidate, text: str) -> _Candidate | None:
    if first.last is not None or second.last is not None or not first.sets_context or not second.sets_context:
        return None
    between = text[first.end : second.start]
    connector = _RANGE_CONNECTOR.fullmatch(between)
    if not connector:
        return None
    opener = _RANGE_OPENER.search(text, max(0, first.start - _LOOKBEHIND), first.start)
    if between.strip() == "and" and not (opener and opener.group("word").lower() == "between"):
        return None  # "2018, 2019 and 2020" lists three years
    start, end = _fill_range_years(first.first, second.first)
    notes = first.notes + second.notes
    if (start.year is None) != (first.first.year is None) or (end.year is None) != (second.first.year is None):
        notes += (f"year {start.year if first.first.year is None else end.year} from the other end of the range",)
    return _Candidate(opener.start() if opener else first.start, second.end, start, end, notes)


def _fill_range_years(start: _Point, end: _Point) -> tuple[_Point, _Point]:
    """Share a year written once: "May 30 - June 2, 2022"; "December 28 - January 3, 2022" starts in 2021."""
    if start.year is None and end.year is not None and start.month:
        crosses = bool(end.month) and start.month > end.month
        start = replace(start, year=end.year - crosses)
    elif end.year is None and start.year is not None and end.month:
        crosses = bool(start.month) and start.month > end.month
        end = replace(end, year=start.year + crosses)
    return start, end


# --- building candidates from matches -----------------------------------------------------------------------------


def _point(year: str | None, month: int | None = None, day: str | None = None) -> _Point | None:
    """A valid calendar point, or None ("February 30", a year outside 1000-2100)."""
    number = int(year) if year else None
    if number is not None and not MIN_YEAR <= number <= MAX_YEAR:
        return None
    if day:
        try:
            date(number if number is not None else 2000, month or 1, int(day))  # 2000: leap, so Feb 29 may stand
        except ValueError:
            return None
    return _Point(number, month, int(day) if day else None)


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _qualifier_notes(match: re.Match[str], unit: str) -> tuple[str, ...]:
    qualifier = match.groupdict().get("q")
    if not qualifier:
        return ()
    return (f"{qualifier.lower()}: {_QUALIFIER_NOTES[qualifier.lower()].format(unit=unit)}",)


def _build_month_day(match: re.Match[str], text: str) -> _Candidate | None:
    """Month first: "May 15, 1992", "May 18-19", "April 29"; a year that is no year ("May 15, 200") is left out."""
    month = _month(match.group("m"))
    year = match.group("y")
    if year and _point(year) is None:
        year = None
    end = match.end("y") if year else match.end("d2") if match.group("d2") else match.end("d")
    end = _after_ordinal(text, end)
    return _day_candidate(match, month, year, end)


def _build_day_month(match: re.Match[str], text: str) -> _Candidate | None:
    """Day first: "15 May 1992", "15-17 May", "15th of May"; not "Article 4 May" (a label number)."""
    if _LABEL_BEFORE.search(text, max(0, match.start() - _LOOKBEHIND), match.start()):
        return None
    year = match.group("y")
    if year and _point(year) is None:
        return None
    end = match.end("y") if year else match.end("m")
    return _day_candidate(match, _month(match.group("m")), year, end)


def _day_candidate(match: re.Match[str], month: int, year: str | None, end: int) -> _Candidate | None:
    first = _point(year, month, match.group("d"))
    last = _point(year, month, match.group("d2")) if match.group("d2") else None
    if first is None or (match.group("d2") and last is None):
        return None
    return _Candidate(match.start(), end, first, last, _qualifier_notes(match, "month"))


def _after_ordinal(text: str, end: int) -> int:
    suffix = re.match(r"st|nd|rd|th", text[end : end + 2])
    return end + 2 if suffix else end


def _build_iso(match: re.Match[str], text: str) -> _Candidate | None:
    point = _point(match.group("y"), int(match.group("m")), match.group("d"))
    return _Candidate(match.start(), match.end(), point) if point else None


def _build_dotted(match: re.Match[str], text: str) -> _Candidate | None:
    """Dotted numbers, "15. 5. 1992" or "3.03.2022": day first, as in the continental European convention."""
    point = _point(match.group("y"), int(match.group("m")), match.group("d"))
    return _Candidate(match.start(), match.end(), point) if point else None


def _build_month_year(match: re.Match[str], text: str) -> _Candidate | None:
    point = _point(match.group("y"), _month(match.group("m")))
    return _Candidate(match.start(), match.end(), point, None, _qualifier_notes(match, "month")) if point else None


def _build_cued_month(match: re.Match[str], text: str) -> _Candidate | None:
    """A bare month ("in January", "mid-May", "since early March") needs a cue, or "May" would be a verb."""
    if not (match.group("cue") or match.group("q")):
        return None
    start = match.start("q") if match.group("q") else match.start("m")
    notes = _qualifier_notes(match, "month")
    return _Candidate(start, match.end(), _Point(None, _month(match.group("m"))), None, notes)


def _build_season(match: re.Match[str], text: str) -> _Candidate | None:
    year = _point(match.group("y"))
    if year is None or year.year is None:
        return None
    season = match.group("s").lower()
    first_month, last_month = _SEASONS[season]
    last_year = year.year + (last_month < first_month)
    note = f"{season} read as months {first_month}-{last_month} (northern hemisphere)"
    return _Candidate(
        match.start(), match.end(), _Point(year.year, first_month), _Point(last_year, last_month), (note,)
    )


def _build_decade(match: re.Match[str], text: str) -> _Candidate | None:
    """Decades: "the 1990s" -> 1990/1999; "the 1800s" -> 1800/1899 (a century; "2000s" stays a decade)."""
    first = int(match.group("y"))
    span = 100 if first % 100 == 0 and first < 2000 else 10
    if _point(str(first)) is None:
        return None
    unit = "century" if span == 100 else "decade"
    notes = _qualifier_notes(match, unit)
    return _Candidate(match.start(), match.end(), _Point(first), _Point(first + span - 1), notes, sets_context=False)


def _build_year_range(match: re.Match[str], text: str) -> _Candidate | None:
    """Year ranges, "1999–2002" or "2018-19"; not page ranges ("pp. 1999-2005") or quantities."""
    first = int(match.group("y"))
    tail = match.group("y2")
    last = int(tail) if len(tail) == 4 else first // 100 * 100 + int(tail)
    if len(tail) == 2 and last <= first:
        return None  # "1999-02" is as likely February 1999 as 1999-2002: leave it
    if _point(str(first)) is None or _point(str(last)) is None:
        return None
    if not _is_year_context(text, match.start(), match.end(), first):
        return None
    return _Candidate(match.start(), match.end(), _Point(first), _Point(last))


def _build_year(match: re.Match[str], text: str) -> _Candidate | None:
    point = _point(match.group("y"))
    if point is None or point.year is None or not _is_year_context(text, match.start("y"), match.end(), point.year):
        return None
    return _Candidate(match.start(), match.end(), point, None, _qualifier_notes(match, "year"))


def _is_year_context(text: str, start: int, end: int, year: int) -> bool:
    """Whether a year-sized number is a year, judged by its neighbours.

    Not a year: a label ("Article 1999"), a measure ("2000 ms", "50%"), a quantity ("more than 2000", "2000 troops",
    "generate 1000 reference-free averages") or part of a name ("Lipofectamine 2000"). A time cue ("in", "since")
    before the number makes it a year; so does a determiner before a noun ("the 2006 study").
    """
    before, after = text[max(0, start - _LOOKBEHIND) : start], text[end : end + _LOOKBEHIND]
    if _LABEL_BEFORE.search(before) or _UNIT_AFTER.match(after) or _QUANTITY_CUE_BEFORE.search(before):
        return False
    if _TIME_CUE_BEFORE.search(before):
        return True
    if year < CUED_ONLY_BELOW:
        return False
    counted = bool(_COUNT_NOUN_AFTER.match(after))
    if _WEAK_CUE_BEFORE.search(before):
        return not counted
    if counted or _NAME_BEFORE.search(before):
        return False
    return not (re.match(r"\s+[a-z]", after) and not _FUNCTION_WORD_AFTER.match(after))


_BUILDERS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], str], _Candidate | None]], ...] = (
    (_ISO_DATE, _build_iso),
    (_MONTH_DAY, _build_month_day),
    (_DAY_MONTH, _build_day_month),
    (_MONTH_YEAR, _build_month_year),
    (_DOTTED, _build_dotted),
    (_SEASON, _build_season),
    (_DECADE, _build_decade),
    (_YEAR_RANGE, _build_year_range),
    (_YEAR, _build_year),
    (_CUED_MONTH, _build_cued_month),
)


# --- year inference -----------------------------------------------------------------------------------------------


def _infer_years(
    found: list[tuple[tuple[int, int], Paragraph, _Candidate]], reference_year: int | None
) -> list[_Candidate]:
    """Give yearless mentions the year of the nearest preceding explicit date: same paragraph, document, draft year."""
    context = sorted(
        (key, paragraph.id, candidate.year)
        for key, paragraph, candidate in found
        if candidate.sets_context and not candidate.needs_year and candidate.year is not None
    )
    keys = [key for key, _, _ in context]
    resolved = []
    for key, paragraph, candidate in found:
        if not candidate.needs_year:
            resolved.append(candidate)
            continue
        index = bisect_left(keys, key) - 1
        if index >= 0:
            _, source_paragraph, year = context[index]
            where = "the paragraph" if source_paragraph == paragraph.id else "the document"
            note = f"year {year} from the nearest preceding explicit date in {where}"
        elif reference_year is not None:
            year, note = reference_year, f"year {reference_year} from the reference year (the draft's date)"
        else:
            resolved.append(replace(candidate, notes=(*candidate.notes, "year unknown: no explicit year before it")))
            continue
        first, last = (
            _fill_range_years(replace(candidate.first, year=year), candidate.last)
            if candidate.last
            else (
                replace(candidate.first, year=year),
                None,
            )
        )
        if last is not None and last.year is None:
            last = replace(last, year=year)
        if not all(_is_calendar_date(point) for point in (first, last) if point is not None):
            note = f"year unknown: {year} has no {_day_and_month(candidate.first)}"  # 29 February, a common year
            resolved.append(replace(candidate, notes=(*candidate.notes, note)))
            continue
        resolved.append(replace(candidate, first=first, last=last, notes=(*candidate.notes, note)))
    return resolved


def _is_calendar_date(point: _Point) -> bool:
    return not (point.year and point.month and point.day) or point.day <= calendar.monthrange(point.year,
                                                                                            point.month)[1]


def _day_and_month(point: _Point) -> str:
    return f"{point.day} {calendar.month_name[point.month]}" if point.month and point.day else point.iso()


def _coarsest(points: tuple[_Point, ...]) -> str:
    order = ("day", "month", "year")
    return max((point.granularity for point in points), key=order.index)


# --- parsing values back ------------------------------------------------------------------------------------------

_VALUE_PART = re.compile(r"(?:(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?|--(?P<bm>\d{2})(?:-(?P<bd>\d{2}))?)")


def _part_bounds(part: str) -> tuple[date, date]:
    match = _VALUE_PART.fullmatch(part)
    if not match:
        raise ValueError(f"not an ISO 8601 date: {part!r}")
    if match.group("y"):
        year = int(match.group("y"))
        if year < 1:
            raise ValueError(f"year 0000 has no calendar day: {part!r}")
        return _bounds_in_year(year, match.group("m"), match.group("d"), part)
    month, day = match.group("bm"), match.group("bd")
    # A yearless date can fall in any year: the first and last years where it exists (Feb 29 needs a leap year).
    first = next(y for y in range(1, 9) if _is_valid(y, month, day))
    last = next(y for y in range(9999, 9990, -1) if _is_valid(y, month, day))
    return _bounds_in_year(first, month, day, part)[0], _bounds_in_year(last, month, day, part)[1]


def _is_valid(year: int, month: str, day: str | None) -> bool:
    try:
        date(year, int(month), int(day or 1))
    except ValueError:
        return False
    return True


def _bounds_in_year(year: int, month: str | None, day: str | None, part: str) -> tuple[date, date]:
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            return date(year, int(month), 1), date(year, int(month), calendar.monthrange(year, int(month))[1])
        exact = date(year, int(month), int(day))
    except ValueError as error:
        raise ValueError(f"not a calendar date: {part!r} ({error})") from error
    return exact, exact


# --- anniversaries and relative offsets ---------------------------------------------------------------------------

_FIRST_TWENTY_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
_FIRST_TWENTY_CARDINALS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty"
)
_ORDINAL_WORDS = {word: number for number, word in enumerate(_FIRST_TWENTY_ORDINALS.split(), start=1)} | {
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "seventy-fifth": 75,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
}
_CARDINAL_WORDS = {word: number for number, word in enumerate(_FIRST_TWENTY_CARDINALS.split(), start=1)} | {
    "a": 1,
    "an": 1,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
_ORDINAL_PATTERN = r"\d{1,3}(?:st|nd|rd|th)|" + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
_ANNIVERSARY = re.compile(
    # The event is read in a lookahead so that "... and the 20th anniversary of ..." is found as well.
    rf"\b(?P<n>{_ORDINAL_PATTERN})\s+anniversary\s+of\s+(?=(?P<what>[^.;:!?()\0\n]+))",
    re.IGNORECASE,
)
_ANNIVERSARY_STOP = re.compile(rf",|\s+and\s+(?:the\s+|its\s+)?(?:{_ORDINAL_PATTERN})\s+anniversary", re.IGNORECASE)
_RELATIVE = re.compile(
    r"\b(?P<n>\d{1,4}|" + "|".join(sorted(_CARDINAL_WORDS, key=len, reverse=True)) + r")\s+"
    r"(?P<unit>days?|weeks?|months?|years?|decades?)\s+(?P<dir>after|before|later|earlier|ago)\b"
    r"(?P<what>[^.;:!?()\0\n,]*)",
    re.IGNORECASE,
)


def _ordinal_value(text: str) -> int | None:
    lowered = text.lower()
    return int(lowered[:-2]) if lowered[:-2].isdigit() else _ORDINAL_WORDS.get(lowered)


def _cardinal_value(text: str) -> int | None:
    return int(text) if text.isdigit() else _CARDINAL_WORDS.get(text.lower())
