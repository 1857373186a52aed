"""Finding in-text citations: "(Lobanov, 2019, p. 3)", "Smith et al. (2010a)", "(*Ibid.*, p. 7)", "[1-3, 7]".

``find_citations(document)`` reads the front matter, abstract, body and footnotes (never the reference list) and
returns one ``Citation`` per bracket group, its items unlinked (``linking.link_citations`` links them).

How a bracket group is read:

- the text inside is split at ``;`` into parts; a part is an Ibid. (``Ibid., p. 7``), an author-date work
  (``see Smith and Jones, 2010a, 2010b, p. 4``) or, right after an author-date part, further dates of the same
  author (``1992, May 15; 2010, December 10``); the group is a citation if any part is;
- square brackets holding only numbers and ranges are numbered citations, and so are round ones when the
  reference list is numbered;
- a group holding only dates ("(2019)", "(2010, p. 4)") is a narrative citation when names stand right before it
  ("Lobanov (2019)") and those names are authors in the reference list (or "et al."/two names are used, or
  there is no reference list to ask).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from pipeline.cite import citation_parts as parts
from pipeline.cite.unbracketed import Span, bare_author_year, bare_numbered
from pipeline.model import Citation, CitationItem, Document, Paragraph, SectionKind, Sentence
from pipeline.names import name_key

CITABLE_SECTIONS = frozenset({SectionKind.FRONT, SectionKind.ABSTRACT, SectionKind.BODY, SectionKind.FOOTNOTES})
MAX_GROUP_CHARS = 2000  # a longer bracket pair is prose, not a citation
MAX_RANGE = 200  # "[1-100000]" is not a citation range
_AUTHOR_DATE_STYLE = 3  # this many author-year groups make a paper with a numbered list an author-year paper
_NARRATIVE_WINDOW = 200  # how far back names of a narrative citation may start
_URL = re.compile(r"(?:https?://|www\.|doi:)\S+", re.IGNORECASE)
_BRACKET = re.compile(r"[()\[\]]")
_NUMBER_TOKEN = re.compile(r"\s*(\d{1,4})(?:\s*[-–—]\s*(\d{1,4}))?\s*")
_OPENERS = {"(": ")", "[": "]"}
_PART_SEPARATOR = re.compile(";")
_YEAR_THEN_NAME = re.compile(r"(?:(?<=\d{4})|(?<=\d{4}[a-z]))\s*,\s*(?=[A-Z][^\W\d]*[\s,])")  # "2015a, Johnson et al."
_LEAD_IN_WORD = re.compile(r"\b(?:of|in|by|from|see|to|with)$")
_CLOSERS = {")": "(", "]": "["}
_REFERENCE_ZONE_END = re.compile(r"[(\"“*]|(?<!\d)(?:1[5-9]|20)\d\d(?!\d)")


@dataclass(frozen=True, slots=True)
class _Context:
    """What the whole document tells about its citations."""

    numbered: bool  # the reference list is numbered
    entry_count: int
    footnote_markers: frozenset[str]  # "[2]" is a footnote, not a citation, in an author-date paper
    author_keys: frozenset[str]  # name keys of authors in the reference list


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    narrative: bool
    items: tuple[CitationItem, ...]


def find_citations(document: Document) -> list[Citation]:
    """Every citation group in the citable text of ``document``, in text order, ids ``c1``, ``c2``, ..."""
    context = _document_context(document)
    masked = document.text.replace("*", " ").replace("_", " ")  # Markdown emphasis blanked, offsets unchanged
    paragraphs = list(_citable_paragraphs(document))
    found: list[_Found] = []
    for paragraph in paragraphs:
        found.extend(_paragraph_citations(masked, document.text, paragraph, context))
    if context.numbered:
        found = _numbered_style(masked, document.text, paragraphs, found, context)
    else:
        found = _with_bare_author_year(masked, document.text, paragraphs, found, context)
        found = _author_year_style(found, context)
    found.sort(key=lambda f: f.start)
    sentence_starts = [sentence.start for sentence in document.sentences]
    citations = []
    for number, group in enumerate(found, start=1):
        claim_start, claim_end = _claim_span(document, sentence_starts, group.start, group.end)
        citations.append(
            Citation(
                id=f"c{number}",
                start=group.start,
                end=group.end,
                text=document.text[group.start:group.end],
                claim_start=claim_start,
                claim_end=claim_end,
                narrative=group.narrative,
                items=group.items,
            )
        )
    return citations


def _author_year_style(found: list[_Found], context: _Context) -> list[_Found]:
    """In an author-year paper with an unnumbered list, bracketed numbers ("[50, 100, 200]") are values, not
    callouts. A paper is author-year when its author-year groups clearly outnumber its numbered ones (a
    numbered paper whose list lost its labels still has mostly numbers)."""
    author_date = sum(1 for f in found if f.items[0].kind == "author-date")
    numeric = sum(1 for f in found if all(item.kind == "numeric" for item in f.items))
    if not context.entry_count or author_date < _AUTHOR_DATE_STYLE or author_date <= 3 * numeric:
        return found
    return [f for f in found if any(item.kind != "numeric" for item in f.items)]


def _numbered_style(
    masked: str, text: str, paragraphs: list[Paragraph], found: list[_Found], context: _Context
) -> list[_Found]:
    """Keep what a numbered paper's own citation style allows.

    A paper citing in square brackets does not cite with "(1)": those number lists. A paper that never uses
    square brackets (nor author-year groups) cites with superscripts, flattened to bare digits in a plain draft.
    "Hamilton et al. (2004) [6]" names the work the number cites: the number is the citation.
    """
    square = sum(1 for f in found if masked[f.start] == "[" and f.items[0].kind == "numeric")
    author_date = sum(1 for f in found if f.items[0].kind == "author-date")
    if square:
        found = [f for f in found if not (masked[f.start] == "(" and f.items[0].kind == "numeric")]
    elif author_date < _AUTHOR_DATE_STYLE:  # a numbered list under author-year citations has no callouts
        found = [f for f in found if not _enumeration_marker(masked, f)]
        found += _unbracketed(
            paragraphs, found, lambda p: bare_numbered(masked, text, p.start, p.end, context.entry_count)
        )
    found.sort(key=lambda f: f.start)
    numbered_starts = {f.start for f in found if f.items[0].kind == "numeric"}
    return [f for f in found if not (f.narrative and _next_non_space(masked, f.end) in numbered_starts)]


def _with_bare_author_year(
    masked: str, text: str, paragraphs: list[Paragraph], found: list[_Found], context: _Context
) -> list[_Found]:
    """Add author-year callouts written outside brackets ("Burdin et al., 2014 assess ...")."""

    def known(authors: tuple[str, ...]) -> bool:
        return _known_author(authors, context, require_list=True)

    return found + _unbracketed(paragraphs, found, lambda p: bare_author_year(masked, text, p.start, p.end, known))


def _unbracketed(
    paragraphs: list[Paragraph], found: list[_Found], read: Callable[[Paragraph], Iterable[Span]]
) -> list[_Found]:
    """What ``read`` finds in each paragraph outside the groups already found."""
    taken = sorted((f.start, f.end) for f in found)
    starts = [start for start, _ in taken]
    added = []
    for paragraph in paragraphs:
        for start, end, items in read(paragraph):
            index = bisect.bisect_right(starts, start) - 1
            inside = index >= 0 and taken[index][1] > start
            following = index + 1 < len(taken) and taken[index + 1][0] < end
            if not inside and not following:
                added.append(_Found(start, end, False, items))
    return added


def _enumeration_marker(masked: str, group: _Found) -> bool:
    """"questions were: (1) to what extent ...; (2) how ...": a round single number opening a list item."""
    if masked[group.start] != "(" or len(group.items) != 1 or group.items[0].kind != "numeric":
        return False
    before = masked[max(0, group.start - 5):group.start].rstrip()
    after = masked[group.end:group.end + 4].lstrip(", ")
    opens_item = not before or before[-1] in ":;,.?" or re.search(r"\b(?:and|or)$", before) is not None
    return opens_item and after[:1].isalpha()


def _next_non_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t":
        position += 1
    return position


def _citable_paragraphs(document: Document) -> Iterator[Paragraph]:
    kinds = {section.id: section.kind for section in document.sections}
    for paragraph in document.paragraphs:
        if kinds.get(paragraph.section) in CITABLE_SECTIONS:
            yield paragraph


def _document_context(document: Document) -> _Context:
    keys: set[str] = set()
    for entry in document.reference_entries:
        keys.update(_entry_author_keys(document.text[entry.start:entry.end]))
    numbered = any(entry.label for entry in document.reference_entries)
    markers = frozenset(footnote.marker for footnote in document.footnotes)
    return _Context(numbered, len(document.reference_entries), markers, frozenset(keys))


def _entry_author_keys(entry: str) -> set[str]:
    """Keys of the names before the title or year of a reference entry, each name and its first word."""
    entry = entry.lstrip("-•*[]0123456789. \t")
    zone_end = _REFERENCE_ZONE_END.search(entry, 0, 300)
    zone = entry[: zone_end.start() if zone_end else 120]
    keys = {name_key(zone)}
    for piece in re.split(r",|&|;|\band\b", zone):
        words = piece.split()
        # every leading run of words: "van Heel M" gives "van", "vanheel" and "vanheelm"
        keys.update(name_key(" ".join(words[:count])) for count in range(1, len(words) + 1))
    return {key for key in keys if len(key) > 1}


def _paragraph_citations(masked: str, text: str, paragraph: Paragraph, context: _Context) -> list[_Found]:
    urls = [(m.start(), m.end()) for m in _URL.finditer(text, paragraph.start, paragraph.end)]
    found: list[_Found] = []
    covered_until = paragraph.start
    for open_at, close_at in _bracket_pairs(masked, paragraph.start, paragraph.end):
        if open_at < covered_until or close_at - open_at > MAX_GROUP_CHARS:
            continue
        if any(start <= open_at < end for start, end in urls):
            continue
        group = _read_group(masked, text, open_at, close_at, covered_until, context)
        if group is not None:
            found.append(group)
            covered_until = group.end
    return found


def _bracket_pairs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Matching ``()`` and ``[]`` pairs in one linear pass, sorted by opening position; strays are ignored."""
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for bracket in _BRACKET.finditer(text, start, end):
        position, char = bracket.start(), bracket.group()
        if char in _OPENERS:
            stack.append(position)
        elif char in _CLOSERS:
            for depth in range(len(stack) - 1, max(-1, len(stack) - 4), -1):  # tolerate a few unclosed openers
                if text[stack[depth]] == _CLOSERS[char]:
                    pairs.append((stack[depth], position + 1))
                    del stack[depth:]
                    break
    return sorted(pairs)


def _read_group(
    masked: str, text: str, open_at: int, close_at: int, not_before: int, context: _Context
) -> _Found | None:
    inner_start, inner_end = open_at + 1, close_at - 1
    inner = masked[inner_start:inner_end]
    numeric = _numeric_items(inner, inner_start, text, context, square=masked[open_at] == "[")
    if numeric is not None:
        return _Found(open_at, close_at, False, numeric)
    items = _parenthetical_items(inner, inner_start, text, context)
    if items:
        return _Found(open_at, close_at, False, items)
    if masked[open_at] != "(":
        return None
    return _narrative(masked, text, open_at, close_at, not_before, context)


def _numeric_items(
    inner: str, offset: int, text: str, context: _Context, *, square: bool
) -> tuple[CitationItem, ...] | None:
    """``[3]``, ``[2–5]``, ``[1, 4]``, ``[1-3, 7]``: one item per number, ranges expanded."""
    if not (square or context.numbered):
        return None
    items: list[CitationItem] = []
    cursor = 0
    for token in inner.split(","):
        match = _NUMBER_TOKEN.fullmatch(token)
        if match is None:
            return None
        first, last = int(match[1]), int(match[2] or match[1])
        if first == 0 or last < first or last - first > MAX_RANGE:
            return None
        if context.numbered and context.entry_count and last > context.entry_count and not square:
            return None  # "(1993)" in a numbered paper is a year
        if not context.numbered and (last >= 1000 or match[1] in context.footnote_markers):
            return None  # "[2019]" is a year, "[2]" a footnote marker
        start = offset + cursor + match.start(1)
        end = offset + cursor + match.end(2 if match[2] else 1)
        for number in range(first, last + 1):
            items.append(CitationItem(start, end, text[start:end], "numeric", number=number))
        cursor += len(token) + 1
    return tuple(items) or None


def _parenthetical_items(inner: str, offset: int, text: str, context: _Context) -> tuple[CitationItem, ...]:
    items: list[CitationItem] = []
    inherited: tuple[str, ...] = ()  # authors of the previous part, for "1992, May 15; 2010, December 10"
    for part, part_offset in _parts(inner, offset):
        read = _read_part(part, part_offset, text, inherited, context)
        if not read and _YEAR_THEN_NAME.search(part):  # "Grigoriev et al., 2007, Grigoriev et al., 2011"
            read = [item for piece, at in _parts(part, part_offset, _YEAR_THEN_NAME)
                    for item in _read_part(piece, at, text, (), context)]
        inherited = ()
        if read:
            items.extend(read)
            if read[-1].kind == "author-date":
                inherited = read[-1].authors
    return tuple(items)


def _parts(inner: str, offset: int, separator: re.Pattern[str] = _PART_SEPARATOR) -> Iterator[tuple[str, int]]:
    """``inner`` cut at ``separator``: each piece with its document offset."""
    start = 0
    for match in separator.finditer(inner):
        yield inner[start:match.start()], offset + start
        start = match.end()
    yield inner[start:], offset + start


def _read_part(
    part: str, offset: int, text: str, inherited: tuple[str, ...], context: _Context
) -> list[CitationItem]:
    ibid = parts.find_ibid(part)
    if ibid is not None:
        return _ibid_item(part, offset, text, ibid)
    first_date = parts.find_first_date(part)
    if first_date is None:
        return []
    names = parts.read_names(part, first_date.start())
    if names is None:
        if inherited and not part[: first_date.start()].strip():
            return _dated_items(part, offset, text, first_date.start(), inherited)
        return []
    if not parts.is_prefix(part[: names.start]) or not _known_author(names.authors, context, require_list=True):
        listed = _listed_names_after_remark(part, first_date.start(), names, context)
        if listed is not None:
            names = listed
        elif not parts.is_prefix(part[: names.start]):
            return []
    dates = parts.parse_dates(part, first_date.start())
    if dates is None:
        return []
    if all(d.year is None for d in dates.dates) and not _known_author(names.authors, context, require_list=True):
        return []  # "(Moscow, May 16)": a dated mention with no year counts only for a listed author
    return _items_from_dates(part, offset, text, names.start, names.authors, dates)


def _listed_names_after_remark(part: str, names_end: int, names: parts.Names, context: _Context) -> parts.Names | None:
    """Names that a listed author opens, after a remark: "(SBEM, Denk and Horstmann, 2004)", "(GLUTag cells,
    Brubaker et al., 1998)", "(lineage B of Baek and Mann, 2009)". The remark must end in a comma or colon or a
    lead-in word ("of", "in", "from"), or be a prefix of the usual kind ("e.g."). Only with a reference list."""
    for word in re.finditer(r"\S+", part[names.start:names_end]):
        start = names.start + word.start()
        listed = parts.read_names(part, names_end, start=start)
        if listed is None or listed.start != start or not _known_author(listed.authors, context, require_list=True):
            continue
        remark = part[:start].rstrip()
        if parts.is_prefix(remark) or remark.endswith((",", ":")) or _LEAD_IN_WORD.search(remark):
            return listed
    return None


def _ibid_item(part: str, offset: int, text: str, ibid: re.Match[str]) -> list[CitationItem]:
    original = text[offset:offset + len(part)]
    before = part[: ibid.start()]
    authors: tuple[str, ...] = ()
    if before.strip():
        names = parts.read_names(part, len(before.rstrip().rstrip(",")))
        if names is None or not parts.is_prefix(part[: names.start]):
            return []
        authors = names.authors  # "Smith, op. cit., p. 5"
        item_start = names.start
    else:
        item_start = len(original) - len(original.lstrip())  # keep emphasis: "*Ibid.*, p. 7"
    ok, locator = parts.parse_locator_tail(part, ibid.end())
    if not ok:
        return []
    item_end = len(original.rstrip())
    start, end = offset + item_start, offset + item_end
    return [CitationItem(start, end, text[start:end].strip(), "ibid", authors=authors, locator=locator)]


def _dated_items(
    part: str, offset: int, text: str, date_start: int, authors: tuple[str, ...]
) -> list[CitationItem]:
    dates = parts.parse_dates(part, date_start)
    if dates is None:
        return []
    return _items_from_dates(part, offset, text, date_start, authors, dates)


def _items_from_dates(
    part: str, offset: int, text: str, names_start: int, authors: tuple[str, ...], dates: parts.DateList
) -> list[CitationItem]:
    """One item per date; the first item's span starts at the names, the locator goes to the last item."""
    items = []
    for index, date in enumerate(dates.dates):
        start = offset + (names_start if index == 0 else date.start)
        end = offset + date.end
        is_last = index == len(dates.dates) - 1
        items.append(
            CitationItem(
                start=start,
                end=end,
                text=text[start:end],
                kind="author-date",
                authors=authors,
                year=date.year,
                year_suffix=date.year_suffix,
                month=date.month,
                day=date.day,
                locator=dates.locator.strip() if is_last and dates.locator else None,
            )
        )
    return items


def _narrative(
    masked: str, text: str, open_at: int, close_at: int, not_before: int, context: _Context
) -> _Found | None:
    """``Lobanov (2019)``, ``Smith et al. (2010a)``, ``Cao and Zhang (2004a, 2004b)``."""
    inner_start = open_at + 1
    inner = masked[inner_start:close_at - 1]
    if not inner[:1].isdigit():
        return None
    dated: list[tuple[str, int, parts.DateList]] = []  # part, its offset, its dates
    cursor = 0
    for part in inner.split(";"):
        leading = len(part) - len(part.lstrip())
        dates = parts.parse_dates(part, leading)
        if dates is None or any(d.year is None for d in dates.dates):
            return None
        dated.append((part, inner_start + cursor, dates))
        cursor += len(part) + 1
    window_start = max(not_before, open_at - _NARRATIVE_WINDOW)
    name_end = len(masked[window_start:open_at].rstrip()) + window_start
    if name_end == open_at and open_at > window_start:
        return None  # "word(2019)": no space, not a narrative citation
    names = parts.read_names(masked, name_end, start=window_start)
    if names is None:
        return None
    names = _trim_to_known_author(masked, names, name_end, context)
    if names is None:
        return None
    items: list[CitationItem] = []
    for part, part_offset, dates in dated:
        items.extend(_items_from_dates(part, part_offset, text, dates.dates[0].start, names.authors, dates))
    return _Found(names.start, close_at, True, tuple(items))


def _trim_to_known_author(masked: str, names: parts.Names, name_end: int, context: _Context) -> parts.Names | None:
    """Accept the names if the reference list knows the first author; else try dropping leading words
    ("In Lobanov" -> "Lobanov"). "et al." and two authors are enough on their own."""
    if names.et_al or len(names.authors) > 1:
        return names
    words = list(re.finditer(r"\S+", masked[names.start:name_end]))
    for word in words:
        start = names.start + word.start()
        candidate = parts.Names(start, (masked[start:name_end].strip(),), False)
        if _known_author(candidate.authors, context, require_list=False):
            return candidate
    return None


def _known_author(authors: tuple[str, ...], context: _Context, *, require_list: bool) -> bool:
    """Whether the first author is named in the reference list (trusting any name when there is no list)."""
    if not context.author_keys:
        return not require_list
    return bool(authors) and name_key(authors[0]) in context.author_keys


def _claim_span(document: Document, sentence_starts: list[int], start: int, end: int) -> tuple[int, int]:
    """The sentence carrying the citation (all sentences it touches), else its paragraph."""
    first = _sentence_at(document, sentence_starts, start)
    if first is None:
        for paragraph in document.paragraphs:
            if paragraph.start <= start < paragraph.end:
                return paragraph.start, paragraph.end
        return start, end
    last = _sentence_at(document, sentence_starts, max(start, end - 1)) or first
    return first.start, max(first.end, last.end)


def _sentence_at(document: Document, sentence_starts: list[int], offset: int) -> Sentence | None:
    index = bisect.bisect_right(sentence_starts, offset) - 1
    if index >= 0 and offset < document.sentences[index].end:
        return document.sentences[index]
    return None
