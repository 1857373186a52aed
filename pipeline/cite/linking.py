"""Linking citation items to reference entries: linked, missing (with "did you mean"), ambiguous, Ibid.

Rules:

- author-date: the cited authors must be the entry's leading authors ("et al." -> the first only; two names ->
  both), compared by ``name_key`` (Đurić = Djuric); the year and its suffix must match one of the entry's dates
  ("Collective Security Treaty, 2010" matches the entry dated "1992, May 15; 2010, December 10"). When several
  entries fit, a month/day given in the citation decides ("CSTO, 2022, April 29"); a citation with no year
  ("President of Russia, May 16") matches the author's entries and is linked when only one fits. Entries that
  still tie are ambiguous, unless they are the same work written twice (same title): then the first is linked
  and all are kept as candidates so that the check stage can report the duplicate. When no entry's names match,
  the last word of each family name is tried ("Schafer" for "J Ben Schafer", whose middle name the parser cannot
  tell from a two-word family name).
- missing items get up to three "did you mean" candidates: the closest author keys (rapidfuzz), then same year,
  then the nearest year suffix.
- Ibid./Ibidem: the work cited just before (the previous item of the same group, else the previous group).
  After a group of several works it is ambiguous; after a missing or ambiguous antecedent it inherits that;
  with no antecedent it is missing. "Smith, op. cit." goes back to the last work by Smith.
- numbered items link to the entry whose label is the number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from pipeline.cite.authors import PARTICLES as NAME_PARTICLES
from pipeline.cite.authors import SUFFIXES
from pipeline.model import Citation, CitationItem, LinkStatus, PartialDate, Reference
from pipeline.names import fold, name_key

MAX_SUGGESTIONS = 3
_MIN_AUTHOR_SIMILARITY = 70  # rapidfuzz ratio below which an author key is no "did you mean"
_SAME_TITLE = 90  # rapidfuzz token ratio at which two entries are one work written twice
_ET_AL = re.compile(r"\bet\.? al\b")
_LABEL = re.compile(r"^\s*(?:\[\w{1,8}\]|\d{1,4}[.)])\s*")  # "[12] ", "12. "
_OPENING_CHARS = 120
# A generational suffix after a cited name: "(Rouse Jr et al., 1974)" has Rouse's key.
_SUFFIX_AFTER_NAME = re.compile(rf",?\s+(?:{'|'.join(sorted(SUFFIXES))})\.?$", re.IGNORECASE)
_AUTHOR_BLOCK_END = re.compile(r"(?<=\w\w)[.,]\s|\s\(")  # "Roll Back Malaria. 2012", not "U.S. Census"


@dataclass(frozen=True, slots=True)
class _Work:
    reference: Reference
    keys: tuple[str, ...]  # author keys in order; an organisation is one key
    dates: tuple[PartialDate, ...]  # the main date first, then ``more_dates``
    bare_keys: tuple[str, ...]  # the keys without a leading particle: "van Harreveld" -> "harreveld"
    last_keys: tuple[str, ...]  # each family's last word: "J Ben Schafer" read as family "Ben Schafer" -> "schafer"
    opening: str  # the entry's words before its first full stop, comma or bracket, folded: "roll back malaria"


def link_citations(citations: Sequence[Citation], references: Sequence[Reference]) -> tuple[Citation, ...]:
    """Set ``reference``, ``status`` and ``candidates`` of every item; citations keep their order."""
    works = [_work(reference) for reference in references]
    linked: list[Citation] = []
    history: list[CitationItem] = []  # every linked item so far, for "op. cit."
    previous_group: tuple[CitationItem, ...] = ()
    for citation in citations:
        items: list[CitationItem] = []
        for item in citation.items:
            if item.kind == "ibid":
                antecedent = (items[-1],) if items else previous_group
                resolved = _link_ibid(item, antecedent, history)
            elif item.kind == "numeric":
                resolved = _link_numbered(item, references)
            else:
                resolved = _link_author_date(item, works)
            items.append(resolved)
        history.extend(items)
        previous_group = tuple(items)
        linked.append(replace(citation, items=tuple(items)))
    return tuple(linked)


def _work(reference: Reference) -> _Work:
    people = reference.authors or reference.editors  # an edited volume without authors is cited by its editors
    if reference.organisation:
        keys: tuple[str, ...] = (name_key(reference.organisation),)
    else:
        keys = tuple(author.key or name_key(author.family) for author in people)
    main = PartialDate(reference.year, reference.month, reference.day)
    bare = keys if reference.organisation else tuple(_without_particles(a.family) for a in people)
    last = keys if reference.organisation else tuple(_last_word_key(a.family) for a in people)
    opening = fold(_AUTHOR_BLOCK_END.split(_LABEL.sub("", reference.raw, count=1)[:_OPENING_CHARS], maxsplit=1)[0])
    return _Work(reference, keys, (main, *reference.more_dates), bare, last, opening)


def _without_particles(family: str) -> str:
    words = family.split()
    while len(words) > 1 and words[0].lower() in NAME_PARTICLES:
        words = words[1:]
    return name_key(" ".join(words))


def _item_keys(item: CitationItem) -> tuple[str, ...]:
    return tuple(name_key(_SUFFIX_AFTER_NAME.sub("", author)) for author in item.authors)


def _authors_match(item_keys: tuple[str, ...], work: _Work, *, last_word: bool = False) -> bool:
    if not item_keys or not work.keys:
        return False
    if len(item_keys) > 1 and len(work.keys) == 1 and "".join(item_keys) == work.keys[0]:
        return True  # an organisation name that the citation split at "and"
    if len(item_keys) > len(work.keys):
        return False
    # "Harreveld and Fifkova" cites "van Harreveld A, Fifkova E": a leading particle may be left out
    listed = zip(work.keys, work.last_keys if last_word else work.bare_keys, strict=True)
    return all(k in names for k, names in zip(item_keys, listed, strict=False))


def _by_opening_words(item: CitationItem, works: Sequence[_Work]) -> list[_Work]:
    """Entries whose author block is the cited name: "(Roll Back Malaria, 2012)", "(Team RDC, 2011)" cite organisations
    whose names the reference parser may have cut into a person's; asked only when no author key matched."""
    if len(item.authors) != 1 or len(item.authors[0].split()) < 2:
        return []
    name = fold(item.authors[0])
    return [work for work in works if work.opening == name]


def _works_by_author(item: CitationItem, works: Sequence[_Work]) -> tuple[list[_Work], tuple[str, ...]]:
    """The entries by the cited authors, and the keys that found them (for "did you mean"). Each reading is tried
    only when those before it find nothing: the cited names; the entry's opening words (organisations); the last
    word of a narrative name read with the words before it ("GENIA Kim et al. (2003)" in a table); each family
    name's last word ("Schafer" cites "J Ben Schafer", a middle name read as the family's); the tail of a list whose
    head is no name ("e.g. AAN, PubMed Central, Saier and Färber (2019)", "Biomed & CS SciCite Cohan et al.")."""
    keys = _item_keys(item)
    found = _matching(keys, works) or _by_opening_words(item, works)
    if not found and item.authors and " " in item.authors[0].strip():
        keys = (_last_word_key(item.authors[0]), *keys[1:])
        found = _matching(keys, works)
    if not found:
        found = _matching(keys, works, last_word=True)
    for drop in range(1, len(keys)):
        if found:
            break
        found = _matching(keys[drop:], works)
        if not found and " " in item.authors[drop].strip():
            found = _matching((_last_word_key(item.authors[drop]), *keys[drop + 1:]), works)
    return found, keys


def _matching(keys: tuple[str, ...], works: Sequence[_Work], *, last_word: bool = False) -> list[_Work]:
    return [work for work in works if _authors_match(keys, work, last_word=last_word)]


def _last_word_key(name: str) -> str:
    return name_key(name.split()[-1])


def _date_fits(item: CitationItem, work: _Work, index: int, date: PartialDate) -> bool:
    if item.year is None:
        return True
    suffix = work.reference.year_suffix if index == 0 else None
    return date.year == item.year and (suffix or "").lower() == (item.year_suffix or "").lower()


def _link_author_date(item: CitationItem, works: Sequence[_Work]) -> CitationItem:
    by_author, keys = _works_by_author(item, works)
    fits = [(work, date) for work in by_author for i, date in enumerate(work.dates) if _date_fits(item, work, i, date)]
    if item.year is None:
        undated = [(work, date) for work, date in fits if date.year is None]
        fits = undated or fits
    if not fits and item.year_suffix:
        fits = _by_suffix_order(item, by_author)
    fits = _narrow_by_day(item, fits)
    fits = _narrow_by_author_count(item, fits)
    chosen = _unique(work.reference for work, _ in fits)
    if len(chosen) == 1:
        return replace(item, reference=chosen[0].id, candidates=(), status=LinkStatus.LINKED)
    if len(chosen) > 1:
        ids = tuple(reference.id for reference in chosen)
        if _same_work(chosen):
            return replace(item, reference=ids[0], candidates=ids, status=LinkStatus.LINKED)
        return replace(item, reference=None, candidates=ids, status=LinkStatus.AMBIGUOUS)
    return replace(item, reference=None, candidates=_suggestions(item, keys, works), status=LinkStatus.MISSING)


def _narrow_by_day(item: CitationItem, fits: list[tuple[_Work, PartialDate]]) -> list[tuple[_Work, PartialDate]]:
    """Among several fitting entries, keep those whose month (and day) agree with the citation, if any do."""
    if len({id(work) for work, _ in fits}) < 2 or item.month is None:
        return fits
    same_month = [(work, date) for work, date in fits if date.month == item.month]
    same_day = [(work, date) for work, date in same_month if item.day is not None and date.day == item.day]
    return same_day or same_month or fits


def _by_suffix_order(item: CitationItem, by_author: list[_Work]) -> list[tuple[_Work, PartialDate]]:
    """"Xu et al., 2010b" where the list prints no suffixes: the letters number the author's works of that year
    in list order (a -> the first). Never used when any of those works prints a suffix ("CSTO, 2022f")."""
    same_year = [work for work in by_author if work.dates[0].year == item.year]
    if any(work.reference.year_suffix for work in same_year):
        return []
    index = ord(item.year_suffix.lower()) - ord("a")
    return [(same_year[index], same_year[index].dates[0])] if 0 <= index < len(same_year) else []


def _narrow_by_author_count(
    item: CitationItem, fits: list[tuple[_Work, PartialDate]]
) -> list[tuple[_Work, PartialDate]]:
    """Among several fitting entries, keep those whose number of authors the citation's form implies: "Lavergne"
    a single author, "Tokuriki and Tawfik" two, "Şener et al." three or more (if any entry agrees)."""
    if len({id(work) for work, _ in fits}) < 2:
        return fits
    if _ET_AL.search(item.text):
        agreeing = [(work, date) for work, date in fits if len(work.keys) >= 3]
    else:
        agreeing = [(work, date) for work, date in fits if len(work.keys) == len(item.authors)]
    return agreeing or fits


def _unique(references: Iterable[Reference]) -> list[Reference]:
    seen: dict[str, Reference] = {}
    for reference in references:
        seen.setdefault(reference.id, reference)
    return list(seen.values())


def _same_work(references: Sequence[Reference]) -> bool:
    titles = [fold(reference.title or "") for reference in references]
    if not all(titles):
        return False
    return all(fuzz.token_sort_ratio(titles[0], title) >= _SAME_TITLE for title in titles[1:])


def _suggestions(item: CitationItem, keys: tuple[str, ...], works: Sequence[_Work]) -> tuple[str, ...]:
    """The closest entries by author key, then year, then year suffix ("2022f" -> the "2022e" entries)."""
    if not keys:
        return ()
    scored = []
    for order, work in enumerate(works):
        if not work.keys:
            continue
        similarity = fuzz.ratio(keys[0], work.keys[0])
        if similarity < _MIN_AUTHOR_SIMILARITY:
            continue
        years = [date.year for date in work.dates]
        same_year = item.year is not None and item.year in years
        suffix_distance = _suffix_distance(item.year_suffix, work.reference.year_suffix) if same_year else 99
        scored.append((-round(similarity), not same_year, suffix_distance, order, work.reference.id))
    return tuple(reference_id for *_, reference_id in sorted(scored)[:MAX_SUGGESTIONS])


def _suffix_distance(cited: str | None, listed: str | None) -> int:
    if cited is None or listed is None:
        return 0 if cited == listed else 30
    return abs(ord(cited.lower()) - ord(listed.lower()))


def _link_numbered(item: CitationItem, references: Sequence[Reference]) -> CitationItem:
    label = str(item.number)
    matches = tuple(reference.id for reference in references if (reference.label or "").strip(".[] ") == label)
    if len(matches) == 1:
        return replace(item, reference=matches[0], candidates=(), status=LinkStatus.LINKED)
    if matches:
        return replace(item, reference=None, candidates=matches, status=LinkStatus.AMBIGUOUS)
    return replace(item, reference=None, candidates=(), status=LinkStatus.MISSING)


def _link_ibid(
    item: CitationItem, antecedent: tuple[CitationItem, ...], history: Sequence[CitationItem]
) -> CitationItem:
    if item.authors:  # "Smith, op. cit.": the last work by Smith
        keys = _item_keys(item)
        for earlier in reversed(history):
            if earlier.reference and earlier.kind != "ibid" and _item_keys(earlier)[:1] == keys[:1]:
                return replace(item, reference=earlier.reference, candidates=(), status=LinkStatus.IBID)
        return replace(item, reference=None, candidates=(), status=LinkStatus.MISSING)
    if not antecedent:
        return replace(item, reference=None, candidates=(), status=LinkStatus.MISSING)
    if len(antecedent) == 1 and antecedent[0].status == LinkStatus.AMBIGUOUS:
        return replace(item, reference=None, candidates=antecedent[0].candidates, status=LinkStatus.AMBIGUOUS)
    works = tuple(dict.fromkeys(earlier.reference for earlier in antecedent if earlier.reference))
    if not works:
        return replace(item, reference=None, candidates=(), status=LinkStatus.MISSING)
    if len(works) == 1 and len(works) == len(_distinct_cited(antecedent)):
        return replace(item, reference=works[0], candidates=(), status=LinkStatus.IBID)
    return replace(item, reference=None, candidates=works, status=LinkStatus.AMBIGUOUS)


def _distinct_cited(items: tuple[CitationItem, ...]) -> set[str]:
    """The works a group cites: linked ones by reference id, unresolved ones each on their own."""
    return {item.reference or f"unresolved-{index}" for index, item in enumerate(items)}
