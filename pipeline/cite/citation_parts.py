"""Parsing the inside of one citation: author names, dates, locators, Ibid.

Everything here works on a short string (one ``;``-separated part of a bracket group, or the words before a
narrative bracket) and returns offsets relative to it. No regular expression has nested unbounded repetition,
and names are read by a linear walk over tokens, so long or hostile input cannot backtrack catastrophically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.cite.refdates import DAY_MARK, DAY_MONTH_PATTERN, MONTH_PATTERN, month_number, valid_day

# A publication year (1500-2099) not glued to other digits, with an optional one-letter suffix: 2022a.
_YEAR = r"(?<![\w/\-])(?<!\d[.,])(?P<year>1[5-9]\d\d|20\d\d)(?P<suffix>[a-z])?(?![A-Za-z\d])"
# A month and a day, month first or day first, in the languages refdates reads: "March 19", "March19",
# "19 March", "3. März", "1er janvier". A day range ("May 15-16") is one date, its first day.
_MONTH_DAY = rf"(?P<month>{MONTH_PATTERN})\s?(?P<day>\d{{1,2}})(?:\s?[-–]\s?\d{{1,2}})?(?![\w])"
_NO_DATE = r"(?P<nodate>n\.\s?d\.|s\.\s?d\.|in press|forthcoming)"
# A date may open with a month or a day only when the other follows, and the month must be capitalised:
# "(Smith and May, 1991)" names an author called May, "(see may 3)" is not a date.
_CAPITAL = rf"(?<![\w.])(?=\d{{0,2}}{DAY_MARK}\s*[A-ZÀ-Þ])"
_FIRST_DATE = re.compile(rf"{_YEAR}|{_CAPITAL}(?:{_MONTH_DAY}|{DAY_MONTH_PATTERN})|(?<![\w]){_NO_DATE}")
_YEAR_AT = re.compile(_YEAR)
_MONTH_DAY_AT = re.compile(rf"{_MONTH_DAY}|{DAY_MONTH_PATTERN}")
_NO_DATE_AT = re.compile(_NO_DATE)
_SEPARATOR_AT = re.compile(r"\s*,\s*|\s+")
_SUFFIX_AT = re.compile(r"(?P<suffix>[a-z])(?![\w.])")
_LOCATOR_AT = re.compile(
    r"(?:pp?\.|pages?\b|paras?\.|para\b|chaps?\.|ch\.|secs?\.|§|vols?\.|figs?\.|cols?\.|nn?\.|notes?\b|at\b|"
    r"ff\.|f\.)",
    re.IGNORECASE,
)
_PAGE_NUMBER_AT = re.compile(r"\d{1,4}(?:\s?[-–]\s?\d{1,4})?(?![\d\w])")
_COLON_AT = re.compile(r"\s*:\s*")
# What may follow the dates in a bracket without being part of the citation: "(Smith, 2010, for a review)",
# "(Pack-Chung et al., 2007 and Figure 1)", "(Xiong et al., 2012, and data not shown)".
_REMARK_AT = re.compile(
    r"\s*,?\s*(?:and\s+|for\s+|in\s+)?(?:(?:a|an|the|more|further)\s+)?(?:recent\s+)?"
    r"(?:Figures?|Fig\.|Tables?|Supplementary|Movie|Video|data not shown|unpublished|personal communication|"
    r"reviews?|surveys?|details|overview|discussion|this study|references therein)\b"
)
_IBID = re.compile(r"(?<![\w])(?:ibid(?:em)?\.?|Id\.|op\.\s?cit\.?|loc\.\s?cit\.?)", re.IGNORECASE)
_TOKEN = re.compile(r"&|,|[()\[\]]|[^\s,&;()\[\]]+")  # a bracket is a token, so names never run past one


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that join authors in a citation, in the languages of the corpus ("Rajić i Gajić", "Müller und Maier").
AUTHOR_JOINERS = frozenset({"and", "&", "und", "i", "y", "et", "e", "og", "och", "en"})
# Lower-case words allowed inside an organisation name ("President of Russia") or before a surname ("van Dijk").
NAME_CONNECTORS = frozenset({"of", "for", "the", "on", "de", "du", "des", "la", "le", "del", "della", "der",
                             "den", "van", "von", "da", "di", "dos", "das", "ten", "ter", "al", "el", "bin"})
# Connectors that make a phrase an organisation: it is then one author, never split at "and".
_ORGANISATION_CONNECTORS = frozenset({"of", "for", "the", "on"})
# Capitalised words that start a sentence or a bracket without being part of a name.
LEADING_NON_NAMES = _words(
    """In The A An As According See Cf. Cf E.g. Eg Also And But For From On At By Both This These That Those Our
    We Recently However Thus Unlike Like Following After Before Although While When Since Here There Then Moreover
    Furthermore Similarly Indeed Notably Compare Whereas Using Unlike Data Previously Later Earlier Finally
    Table Figure Fig. Appendix Section Chapter"""
)
# What may stand before the author in a bracket: "(e.g., see also Smith, 2010)".
_PREFIX_WORDS = _words(
    """see also e.g. eg e.g i.e. ie cf. cf for example examples a an the review reviews reviewed in and but compare
    as cited by quoted discussed described summarised summarized from after following adapted modified according
    to data taken based on but especially particularly including notably"""
)
_MAX_NAME_WORDS = 6
_NAME_PUNCTUATION = frozenset("-'’.")
_CUE_WORDS = frozenset({"see", "e.g.", "eg", "e.g", "cf.", "cf", "i.e.", "viz.", "also"})
_FIGURE_LEAD_IN = re.compile(r"\s*(?:Figures?|Fig\.|Tables?|this study)\b[^;]{0,40}?(?:,|\band)\s*$")


@dataclass(frozen=True, slots=True)
class DateSpec:
    """One dated work inside a part: ``start``/``end`` cover the date (and the locator when it is the last)."""

    start: int
    end: int
    year: int | None
    year_suffix: str | None
    month: int | None
    day: int | None


@dataclass(frozen=True, slots=True)
class DateList:
    dates: tuple[DateSpec, ...]
    locator: str | None
    end: int  # where the parsed text ends (the locator included)


@dataclass(frozen=True, slots=True)
class Names:
    """Authors read backwards from the end of a string: ``start`` is where the first name begins."""

    start: int
    authors: tuple[str, ...]
    et_al: bool


def find_first_date(text: str, start: int = 0) -> re.Match[str] | None:
    return _FIRST_DATE.search(text, start)


def parse_dates(text: str, position: int) -> DateList | None:
    """Parse ``2019a, 2019b, May 15, pp. 3-4`` from ``position`` to the end of ``text``; None if anything is left.

    Several years give several works ("2004a, 2004b", "2004a, b"); a trailing locator belongs to the last.
    """
    first = _date_at(text, position)
    if first is None:
        return None
    dates = [first]
    locator: str | None = None
    end = len(text.rstrip())
    cursor = first.end
    while cursor < end:
        colon = _COLON_AT.match(text, cursor)
        if colon and colon.end() < end:
            locator = text[colon.end():end]
            break
        separator = _SEPARATOR_AT.match(text, cursor)
        if separator is None:
            return None
        cursor = separator.end()
        if cursor >= end:
            break
        following = _date_at(text, cursor)
        if following is not None:
            dates.append(following)
            cursor = following.end
            continue
        suffix = _SUFFIX_AT.match(text, cursor)
        if suffix and dates[-1].year is not None:
            previous = dates[-1]
            dates.append(DateSpec(cursor, suffix.end(), previous.year, suffix["suffix"], None, None))
            cursor = suffix.end()
            continue
        if _LOCATOR_AT.match(text, cursor) or _PAGE_NUMBER_AT.match(text, cursor):
            locator = text[cursor:end]
            break
        if _REMARK_AT.match(text, separator.start()):
            end = cursor = separator.start()  # "2010, for a review", "2007 and Figure 1": ignored
            break
        return None
    if locator is not None:
        last = dates[-1]
        dates[-1] = DateSpec(last.start, end, last.year, last.year_suffix, last.month, last.day)
    return DateList(tuple(dates), locator, end)


def _date_at(text: str, position: int) -> DateSpec | None:
    """One date at ``position``: ``2022a``, ``2022, March 19``, ``2022, 19 March``, ``May 16``, ``January 11,
    2021`` or ``n.d.``."""
    year_match = _YEAR_AT.match(text, position)
    if year_match:
        year, suffix = int(year_match["year"]), year_match["suffix"]
        end = year_match.end()
        separator = _SEPARATOR_AT.match(text, end)
        month_day = _month_day_at(text, separator.end()) if separator else None
        month, day, end = month_day or (None, None, end)
        return DateSpec(position, end, year, suffix, month, day)
    month_day = _month_day_at(text, position)
    if month_day:
        month, day, end = month_day
        separator = _SEPARATOR_AT.match(text, end)
        year_match = _YEAR_AT.match(text, separator.end()) if separator else None
        if year_match:
            return DateSpec(position, year_match.end(), int(year_match["year"]), year_match["suffix"], month, day)
        return DateSpec(position, end, None, None, month, day)
    nodate = _NO_DATE_AT.match(text, position)
    if nodate:
        return DateSpec(position, nodate.end(), None, None, None, None)
    return None


def _month_day_at(text: str, position: int) -> tuple[int, int, int] | None:
    """(month, day, end) of a month and day written at ``position``, either way round."""
    match = _MONTH_DAY_AT.match(text, position)
    if not match:
        return None
    month = month_number(match["month"] or match["month_after"])
    day = valid_day(month, match["day"] or match["day_first"])
    return (month, day, match.end()) if month and day else None


def read_names(text: str, end: int, *, start: int = 0) -> Names | None:
    """The author names that end at ``end`` in ``text[start:end]`` ("see Smith and Jones" -> Smith, Jones).

    Walks backwards over name words, joiners ("and", "&", "i", "und") and organisation connectors ("of"),
    and stops at the first word that cannot belong to a name.
    """
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
    while tokens and _is_joiner(tokens[-1][0]):  # "Smith et al., 2010": the comma before the year
        tokens.pop()
    et_al = False
    if len(tokens) >= 2 and tokens[-1][0] in ("al", "al.") and tokens[-2][0] in ("et", "et."):
        et_al = True
        tokens = tokens[:-2]
    first = len(tokens)
    while first > 0 and _can_be_in_name(tokens[first - 1][0]):
        first -= 1
    kept = tokens[first:]
    # "An et al. 2011": a word that usually leads into a citation is the surname when it alone carries "et al."
    while kept and (_is_joiner(kept[0][0]) or kept[0][0].lower() in _ORGANISATION_CONNECTORS
                    or kept[0][0] in LEADING_NON_NAMES and not (et_al and len(kept) == 1)):
        kept = kept[1:]
    while kept and _is_joiner(kept[-1][0]):
        kept = kept[:-1]
    if not kept or not (_is_name_word(kept[0][0]) or _is_particle_before_name(kept)):
        return None
    authors = _split_authors(text, kept)
    if not authors:
        return None
    return Names(kept[0][1], authors, et_al)


def _is_particle_before_name(tokens: list[tuple[str, int, int]]) -> bool:
    """"de Jonge", "van der Waals": lower-case particles leading a capitalised surname."""
    for word, _, _ in tokens:
        if _is_name_word(word):
            return True
        if word.lower() not in NAME_CONNECTORS or word.lower() in _ORGANISATION_CONNECTORS:
            return False
    return False


def _split_authors(text: str, tokens: list[tuple[str, int, int]]) -> tuple[str, ...]:
    """Group name tokens into authors; a phrase with "of"/"for"/"the" is one organisation."""
    if any(word.lower() in _ORGANISATION_CONNECTORS for word, _, _ in tokens):
        if len(tokens) > 2 * _MAX_NAME_WORDS:
            return ()
        return (_clean_name(text[tokens[0][1]:tokens[-1][2]]),)
    authors: list[str] = []
    piece: list[tuple[str, int, int]] = []
    for token in [*tokens, (",", -1, -1)]:
        if _is_joiner(token[0]):
            while len(piece) > 1 and _is_initial(piece[-1][0]):  # "Flinspach M", "Smith AB"
                piece.pop()
            if piece and not _is_initial(text[piece[0][1]:piece[-1][2]]):
                if len(piece) > _MAX_NAME_WORDS:
                    return ()
                authors.append(_clean_name(text[piece[0][1]:piece[-1][2]]))
            piece = []
        else:
            piece.append(token)
    return tuple(authors)


def _clean_name(name: str) -> str:
    """Drop a possessive: "Smith's" -> "Smith"."""
    for ending in ("'s", "’s"):
        if name.endswith(ending):
            return name[: -len(ending)]
    return name


def _is_joiner(word: str) -> bool:
    return word == "," or word in AUTHOR_JOINERS


def _is_initial(piece: str) -> bool:
    """"J.", "J.-P." or "AB" (initials written after a surname are not authors)."""
    letters = piece.replace(".", "").replace("-", "")
    written_as_initial = piece.endswith(".") or piece == letters
    return 0 < len(letters) <= 2 and letters.isalpha() and letters.isupper() and written_as_initial


def _can_be_in_name(word: str) -> bool:
    return _is_joiner(word) or word.lower() in NAME_CONNECTORS or _is_name_word(word)


def _is_name_word(word: str) -> bool:
    """A capitalised word without digits ("Đurić", "O'Neil", "CSTO"), or a particle-led one ("al-Assad")."""
    if len(word) > 40 or not all(c.isalpha() or c in _NAME_PUNCTUATION for c in word):
        return False
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return False
    if letters[0].isupper():
        return True
    head = re.split(r"[-'’]", word, maxsplit=1)
    return len(head) == 2 and head[0].lower() in NAME_CONNECTORS and head[1][:1].isupper()


def is_prefix(text: str) -> bool:
    """Whether ``text`` is only a lead-in to the author: "e.g.,", "see also", "for pros and cons, see",
    "described in", "Figure 4B and" (or nothing)."""
    words = [w.strip(",:;").lower() for w in text.split()]
    words = [w for w in words if w]
    if not words or (len(words) <= 8 and all(w in _PREFIX_WORDS for w in words)):
        return True
    if len(words) > 20:
        return False
    if words[-1] in _CUE_WORDS or _FIGURE_LEAD_IN.match(text):
        return True
    return len(words) >= 2 and words[-1] in ("in", "by", "from") and words[-2].endswith("ed")


def find_ibid(text: str) -> re.Match[str] | None:
    return _IBID.search(text)


def parse_locator_tail(text: str, position: int) -> tuple[bool, str | None]:
    """After "Ibid.": nothing, or ``, p. 7`` -> (True, "p. 7"); anything else is not an Ibid. citation."""
    rest = text[position:].strip()
    if not rest:
        return True, None
    rest = rest.lstrip(",:").strip()
    if _LOCATOR_AT.match(rest) or _PAGE_NUMBER_AT.match(rest):
        return True, rest
    return False, None
