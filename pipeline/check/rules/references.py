"""REF rules: problems inside the reference list itself."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz

from pipeline.check.registry import CheckContext, rule
from pipeline.check.rules.common import (
    author_keys,
    author_words,
    earliest,
    first_author_key,
    page_numbers,
    reference_label,
)
from pipeline.model import Finding, LinkStatus, PartialDate, Reference, Severity
from pipeline.names import fold, name_key

TITLE_SORT_THRESHOLD = 85  # token_sort_ratio: the same title with words moved or punctuation changed
TITLE_SET_THRESHOLD = 95  # token_set_ratio: one title contained in the other ...
TITLE_SET_MIN_WORDS = 4  # ... only when the shorter one is long enough to be specific
TITLE_IN_TEXT_THRESHOLD = 95  # partial_ratio: one entry's title written inside the other entry's text
OPENING_WORDS = 4  # the first author is among the first words of an entry ("B. V. Jain, ..." / "JAIN, B. V.; ...")
_EDITION = re.compile(r"\b(\d+)\s*(?:st|nd|rd|th)?\.?\s+(?:ed\b|edn\b|edition\b)", re.IGNORECASE)
_RETRIEVED = re.compile(r"\b(?:retrieved|retreived|available)\s+(?:from|at)\b", re.IGNORECASE)
_ACCESSED = re.compile(r"\b(?:accessed|retrieved on|viewed)\b[^.]*(?:\.\s*\d[^.]*)*", re.IGNORECASE)
_NO_DATE = re.compile(r"\bn\.\s?d\.", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_YEAR_IN_TEXT = re.compile(r"(?<![\d/.])(1[5-9]\d\d|20\d\d)(?!\d)")
_WORD = re.compile(r"[a-z]{3,}")
_SENTENCE_END = re.compile(r"(?:(?<=[a-z0-9\])])|(?<=[A-Z]{2}))\.\s+(?=\S)")  # "DNA. Macromolecules", not "J. Appl"


# --- REF001 -----------------------------------------------------------------------------------


def _same_authors(a: Reference, b: Reference) -> bool:
    key_a, key_b = first_author_key(a), first_author_key(b)
    if key_a and key_a == key_b:
        return True
    return bool(author_words(a) & author_words(b))


def _years_agree(a: Reference, b: Reference) -> bool:
    """Same year and suffix; a year the parser missed counts when it is written in the other entry's text."""
    if a.year is not None and b.year is not None:
        return a.year == b.year and (a.year_suffix or "") == (b.year_suffix or "")
    known, other = (a, b) if a.year is not None else (b, a)
    return known.year is not None and str(known.year) in years_written(other.raw)


@lru_cache(maxsize=65536)
def folded(text: str) -> str:
    """``fold`` remembered: entries are compared pairwise, so each text would be folded hundreds of times."""
    return fold(text)


@lru_cache(maxsize=65536)
def years_written(text: str) -> frozenset[str]:
    """Four-digit years in an entry's text, also when a suffix follows ("2012a")."""
    return frozenset(_YEAR_IN_TEXT.findall(text))


def _titles_match(a: Reference, b: Reference) -> bool:
    title_a, title_b = folded(a.title or ""), folded(b.title or "")
    if not title_a or not title_b:
        return False
    if fuzz.token_sort_ratio(title_a, title_b) >= TITLE_SORT_THRESHOLD:
        return True
    shorter = min(len(title_a.split()), len(title_b.split()))
    return shorter >= TITLE_SET_MIN_WORDS and fuzz.token_set_ratio(title_a, title_b) >= TITLE_SET_THRESHOLD


def _pages_differ(a: Reference, b: Reference) -> bool:
    pages_a, pages_b = page_numbers(a.pages or ""), page_numbers(b.pages or "")
    return bool(pages_a and pages_b and pages_a != pages_b)


def _editions_differ(a: Reference, b: Reference) -> bool:
    edition_a, edition_b = _EDITION.findall(a.raw), _EDITION.findall(b.raw)
    return bool(edition_a or edition_b) and edition_a != edition_b


def is_duplicate(a: Reference, b: Reference) -> bool:
    """The same work written twice: identical text, the same DOI, or same authors, year and (fuzzily) title.

    Two chapters of one book differ in title and pages; two editions differ in year or edition; "2012a" and
    "2012b" differ in suffix - none of these is a duplicate (unless they share a DOI).
    """
    if folded(a.raw) == folded(b.raw) or same_doi(a, b):
        return True
    if _pages_differ(a, b) or _editions_differ(a, b) or _suffixes_differ(a, b):
        return False
    same_fields = _same_authors(a, b) and _years_agree(a, b) and _titles_match(a, b)
    return same_fields or written_in(a, b) or written_in(b, a)


def same_doi(a: Reference, b: Reference) -> bool:
    """One DOI names one work: "2006a" and "2006b" with the same DOI are the same article listed twice."""
    return bool(a.doi and b.doi and a.doi.strip().lower() == b.doi.strip().lower())


def _suffixes_differ(a: Reference, b: Reference) -> bool:
    return bool(a.year_suffix and b.year_suffix and a.year_suffix.lower() != b.year_suffix.lower())


def written_in(a: Reference, b: Reference) -> bool:
    """The first author, year and title of ``a`` are all written in the text of ``b`` (whose own fields the parser
    may have misread: "JAIN, B. V.; BOLLMAN, B.; ..." or "B. V. Jain, B. Bollman and ... (2010) Title.")."""
    title = folded(a.title or "")
    family = first_author_key(a)
    if not family or a.year is None or len(title.split()) < TITLE_SET_MIN_WORDS:
        return False
    text = folded(b.raw)
    opening = name_key(" ".join(text.split()[:OPENING_WORDS]))  # "b v jain b" / "burstyn cohen t heeb"
    return (
        family in opening
        and str(a.year) in years_written(b.raw)
        and fuzz.partial_ratio(title, text) >= TITLE_IN_TEXT_THRESHOLD
    )


@lru_cache(maxsize=8)
def duplicate_pairs(references: tuple[Reference, ...]) -> list[tuple[Reference, Reference]]:
    """(earlier, later) pairs of duplicate entries; each later entry is paired with its first twin only.

    Only entries that have a year written in common (or both none) are compared: every way of being a
    duplicate needs the same year. Remembered per list, as three rules ask for it.
    """
    pairs = []
    for j, later in enumerate(references):
        years = years_written(later.raw)
        twin = next(
            (
                earlier
                for earlier in references[:j]
                if (years & years_written(earlier.raw) or not (years or years_written(earlier.raw)))
                and is_duplicate(earlier, later)
            ),
            None,
        )
        if twin is not None:
            pairs.append((twin, later))
    return pairs


@rule("REF001", "duplicate-reference", Severity.ERROR)
def duplicate_reference(context: CheckContext) -> Iterator[Finding]:
    """A work is listed twice in the reference list, exactly or in two different formats.

    What it does: compares every pair of entries; they are duplicates when their text or DOI is identical, or
    when the folded first-author name, the year (and suffix) and the title (fuzzy: word order, punctuation and
    formatting ignored) agree, or when one entry's first author, year and title are all written in the other's
    text (a format the parser reads badly, e.g. "JAIN, B. V.; BOLLMAN, B.; ..."). Two chapters of one book
    (different titles or pages), two editions (different year or edition) and "2012a"/"2012b" (unless they
    share a DOI) are not duplicates.

    Why it matters: citations may point at either copy, the list looks careless, and reference counts are wrong.

    Example:
        Rajić, N., Gajić, A. (2020). Relations of the CSTO with the SCO and NATO, National Security Policy ...
        Rajić Nikola, Gajić Aleksandar, "Relations of the CSTO with the SCO and NATO", ... 2020.
    """
    for earlier, later in duplicate_pairs(context.annotation.references):
        yield context.finding(
            later.start,
            later.end,
            f"Reference entry duplicates '{reference_label(earlier)}' (the same work written twice)",
            suggestion="Delete one of the two entries and point every citation at the one you keep",
            references=(earlier.id, later.id),
        )


# --- REF002 / REF003 --------------------------------------------------------------------------


def _author_year_key(reference: Reference) -> tuple:
    return (author_keys(reference), reference.year, reference.year_suffix or "", reference.month, reference.day)


@rule("REF002", "same-author-year-key", Severity.ERROR)
def same_author_year_key(context: CheckContext) -> Iterator[Finding]:
    """Two different entries share the same author-year key, so a citation cannot tell them apart.

    What it does: groups entries by folded authors, year, year suffix and (when given) month and day; a group of
    two or more entries that are not duplicates of each other (see REF001) is reported at every entry after the
    first.

    Why it matters: "(CSTO, 2022e)" then matches two works; the reader cannot know which one is meant.

    Example:
        CSTO. (2022e). CSTO Permanent Council. Retrieved from ...
        CSTO. (2022e). Documents. Retrieved from ...     <- the second should be 2022f
    """
    duplicates = {later.id for _, later in duplicate_pairs(context.annotation.references)}
    groups: dict[tuple, list[Reference]] = defaultdict(list)
    for reference in context.annotation.references:
        if reference.year is not None and author_keys(reference):
            groups[_author_year_key(reference)].append(reference)
    for group in groups.values():
        first = group[0]
        for reference in group[1:]:
            if reference.id in duplicates:
                continue
            yield context.finding(
                reference.start,
                reference.end,
                f"Entry has the same author-year key as '{reference_label(first)}': citations cannot tell them apart",
                suggestion="Give the entries distinct year suffixes (a, b, c ...) in title order and update citations",
                references=(first.id, reference.id),
            )


@rule("REF003", "year-suffix-gap", Severity.WARNING)
def year_suffix_gap(context: CheckContext) -> Iterator[Finding]:
    """The year suffixes of one author and year skip a letter (2022a, 2022c without 2022b).

    What it does: collects the suffixes used per first author and year and reports the first entry after each gap.
    The first author, not the whole author list: author-year styles letter what the citation shows, and "Wu et
    al., 2019a" and "Wu et al., 2019b" may be works of two different teams led by a Wu.

    Why it matters: a gap usually means an entry was deleted or mislabelled, and citations of the missing letter
    resolve to nothing.

    Example:
        CSTO. (2022a). Authorized Organs ...
        CSTO. (2022c). The Committee of Secretaries ...   <- where is 2022b?
    """
    groups: dict[tuple, list[Reference]] = defaultdict(list)
    for reference in context.annotation.references:
        suffix = reference.year_suffix or ""
        if reference.year is not None and len(suffix) == 1 and suffix.isalpha():
            groups[(author_keys(reference)[:1], reference.year)].append(reference)
    for group in groups.values():
        used = sorted({r.year_suffix.lower() for r in group if r.year_suffix})
        expected = "a"
        for letter in used:
            if letter != expected:
                gap = [f"{group[0].year}{chr(c)}" for c in range(ord(expected), ord(letter))]
                missing = ", ".join(gap) + (" is" if len(gap) == 1 else " are")
                at = next(r for r in group if r.year_suffix and r.year_suffix.lower() == letter)
                yield context.finding(
                    at.start,
                    at.end,
                    f"Year suffix '{at.year}{letter}' is used but {missing} not in the list",
                    suggestion="Re-letter the entries of this author and year without gaps",
                    references=(at.id,),
                )
            expected = chr(ord(letter) + 1)


# --- REF004 -----------------------------------------------------------------------------------


def cited_reference_ids(context: CheckContext) -> set[str]:
    """Entries a citation points at, including every candidate of an ambiguous citation (reported by CIT002)."""
    cited = set()
    for citation in context.annotation.citations:
        for item in citation.items:
            if item.reference:
                cited.add(item.reference)
            if item.status == LinkStatus.AMBIGUOUS:
                cited.update(item.candidates)
    return cited


@rule("REF004", "uncited-reference", Severity.WARNING)
def uncited_reference(context: CheckContext) -> Iterator[Finding]:
    """A reference entry that no citation in the text points to.

    What it does: reports every entry not linked from any citation (a candidate of an ambiguous citation counts
    as cited). Documents in which no citation was found at all are skipped: that is a citation-detection
    problem, not 25 uncited entries. A duplicate of a cited entry is left to REF001 (one problem, one finding).

    Why it matters: most styles require the list to contain exactly the works cited; an uncited entry is often
    the sign of a citation that was deleted or mistyped.

    Example:
        Text cites (Lobanov, 2019) only; the list also has "Lobanov, K. (2015). Hybrid ..."
    """
    if not context.annotation.citations:
        return
    cited = cited_reference_ids(context)
    # A duplicate (REF001) whose twin is cited is reported once, as the duplicate it is.
    cited |= {later.id for earlier, later in duplicate_pairs(context.annotation.references) if earlier.id in cited}
    for reference in context.annotation.references:
        if reference.id not in cited:
            yield context.finding(
                reference.start,
                reference.end,
                f"'{reference_label(reference)}' is never cited in the text",
                suggestion="Cite the work where it is used, or remove the entry",
                references=(reference.id,),
            )


# --- REF005 - REF008 --------------------------------------------------------------------------


@rule("REF005", "missing-year", Severity.ERROR)
def missing_year(context: CheckContext) -> Iterator[Finding]:
    """A parsed reference entry has no year of publication (and does not say "n.d.").

    What it does: reports parsed entries without a year; entries marked "n.d." (no date) are accepted, and
    entries the parser could not read at all are reported by REF008 instead.

    Why it matters: author-date citations need the year to find the entry, and readers need it to judge the
    source.

    Example:
        Politika. Tokajev: Loš mir bolji od dobre svađe.      <- no (2022, March 1)
    """
    for reference in context.annotation.references:
        if reference.parsed and reference.year is None and not _NO_DATE.search(reference.raw):
            yield context.finding(
                reference.start,
                reference.end,
                f"'{reference_label(reference)}' has no year of publication",
                suggestion="Add the year (or 'n.d.' when the work is undated)",
                references=(reference.id,),
            )


@rule("REF006", "missing-title", Severity.ERROR)
def missing_title(context: CheckContext) -> Iterator[Finding]:
    """A parsed reference entry has no title.

    What it does: reports parsed entries whose title field is empty (unreadable entries are REF008's job).
    Lists where most parsed entries have no title are written in a style without article titles (IUCr,
    physics and chemistry journals: "J. Appl. Cryst. 39, 244-251") and are not checked. An entry whose
    container field starts with, or is the start of, the first sentence after the year holds its title there
    ("1995. Stretching DNA. Macromolecules 28:8759") and is not reported either: the parser missed the title,
    the author did not.

    Why it matters: without a title a reader cannot find the work, and duplicate detection cannot compare it.

    Example:
        Collective Security Treaty. (1992, May 15). CSTO Official Website.   <- which document?
    """
    parsed = [r for r in context.annotation.references if r.parsed]
    if sum(1 for r in parsed if (r.title or "").strip()) * 2 < len(parsed):
        return
    for reference in parsed:
        if (reference.title or "").strip() or title_in_container(reference):
            continue
        yield context.finding(
            reference.start,
            reference.end,
            f"'{reference_label(reference)}' has no title",
            suggestion="Add the title of the work",
            references=(reference.id,),
        )


def title_in_container(reference: Reference) -> bool:
    """The container field and the first sentence after the year overlap, and one has words the other lacks:
    the title was read as (part of) the container ("Stretching DNA. Macromolecules" / "Phosphatidylinositol")."""
    container = fold(reference.container or "")
    first = fold(first_sentence_after_year(reference))
    if not container or not first or container == first:
        return False
    if container.startswith(first):
        return True
    return first.startswith(container) and bool(_WORD.search(first[len(container) :]))  # not just "28 8759"


def first_sentence_after_year(reference: Reference) -> str:
    """The text after the entry's year (and its closing bracket) up to the next full stop that ends a sentence."""
    if reference.year is None:
        return ""
    year = re.search(rf"\b{reference.year}{reference.year_suffix or ''}\b", reference.raw)
    if year is None:
        return ""
    rest = reference.raw[year.end() :].lstrip(" ,;:)]").lstrip(".").strip()
    return _SENTENCE_END.split(rest, maxsplit=1)[0]


@rule("REF007", "web-source-without-url-or-access-date", Severity.WARNING)
def web_source_without_url_or_access_date(context: CheckContext) -> Iterator[Finding]:
    """A web source lacks its URL or its access date (or the access date cannot be read).

    What it does: an entry with a URL (or of kind "web") needs an access date, unless it is a published article
    (a journal with its volume, issue or pages) or has a DOI: those do not change, so APA and other styles ask
    for no retrieval date ("Pharmacol Rev, 57(4), 397–409. Retrieved from http://www.ncbi.nlm.nih.gov/...").
    An entry that says "Retrieved from" / "Available at" needs a URL. When the entry has an "Accessed" note that
    is not a valid date, the message says so.

    Why it matters: web pages change and disappear; the URL and the date you saw the page are how a reader
    finds the version you cited.

    Example:
        CSTO. (2022a). Authorized Organs. Retrieved from: https://en.odkb-csto.org/...        <- no access date
        Karimov, N. (2021). Effectiveness of the CSTO. Retrieved from. Accessed 3.03.2022.   <- no URL
    """
    for reference in context.annotation.references:
        if _may_change(reference) and not reference.accessed:
            written = _ACCESSED.search(reference.raw)
            message = (
                f"The access date '{written.group(0).strip()}' of this web source is not a valid date"
                if written
                else "Web source has no access date"
            )
            yield context.finding(
                reference.start,
                reference.end,
                message,
                suggestion="Write the date you accessed the page, e.g. 'Accessed 3 March 2022'",
                references=(reference.id,),
            )
        if not reference.url and _RETRIEVED.search(reference.raw):
            yield context.finding(
                reference.start,
                reference.end,
                "Entry says 'Retrieved from' but gives no URL",
                suggestion="Add the URL of the page (or remove 'Retrieved from')",
                references=(reference.id,),
            )


def _may_change(reference: Reference) -> bool:
    """A web page, or an entry with a URL that is not a published article and has no DOI."""
    if reference.kind == "web":
        return True
    published = reference.doi or reference.kind == "article" and (reference.volume or reference.issue or
                                                                  reference.pages)
    return bool(reference.url) and not published


@rule("REF008", "unparsed-reference", Severity.WARNING)
def unparsed_reference(context: CheckContext) -> Iterator[Finding]:
    """A reference entry could not be parsed into authors, year and title.

    What it does: reports every entry the cite stage kept only as raw text, with the parser's reasons.

    Why it matters: citations cannot be linked to an entry that was not understood, so every other citation
    check is blind for it; usually the entry is badly formatted.

    Example:
        "Petrović Dragan, Integration Processes in the Post-Soviet Space, Belgrade, 2010."  (no recognisable
        author/year structure)
    """
    for reference in context.annotation.references:
        if not reference.parsed:
            reasons = "; ".join(reference.problems)
            yield context.finding(
                reference.start,
                reference.end,
                "Reference entry could not be parsed" + (f": {reasons}" if reasons else ""),
                suggestion="Rewrite the entry in the list's style: Authors (Year). Title. Container ...",
                references=(reference.id,),
            )


# --- REF009 -----------------------------------------------------------------------------------


def _accessed_date(reference: Reference) -> date | None:
    try:
        return date.fromisoformat(reference.accessed) if reference.accessed else None
    except ValueError:
        return None


@rule("REF009", "access-date-before-publication", Severity.ERROR)
def access_date_before_publication(context: CheckContext) -> Iterator[Finding]:
    """A web source was accessed before it was published.

    What it does: compares the access date with the entry's publication date at the precision given (a
    publication year of 2022 only fires for access dates before 2022-01-01).

    Why it matters: it is impossible, so one of the two dates is wrong - often day and month swapped, or the
    access note copied from another entry.

    Example:
        CSTO. (2022, May 19). Representatives of ... Accessed 19.4.2022.
    """
    for reference in context.annotation.references:
        accessed = _accessed_date(reference)
        published = earliest(PartialDate(reference.year, reference.month, reference.day))
        if accessed and published and accessed < published:
            yield context.finding(
                reference.start,
                reference.end,
                f"Accessed on {accessed.isoformat()}, before the publication date of '{reference_label(reference)}'",
                suggestion="Check the access date and the publication date; one of them is wrong",
                references=(reference.id,),
            )
