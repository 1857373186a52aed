"""CIT rules: in-text citations against the reference list."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rapidfuzz import fuzz

from pipeline.check.registry import CheckContext, rule
from pipeline.check.rules.common import (
    author_keys,
    author_label,
    format_partial_date,
    page_numbers,
    reference_dates,
    reference_label,
)
from pipeline.check.rules.style import detect_style
from pipeline.model import Citation, CitationItem, Finding, LinkStatus, PartialDate, Reference, Severity
from pipeline.names import fold, name_key

SPELLING_THRESHOLD = 80  # fuzz.ratio of folded keys: close enough to be the same name misspelt
MIN_NAME_LENGTH = 4  # shorter keys (e.g. "UN", "Li") are too short to call a misspelling
_ET_AL = re.compile(r"\s*(?:et\s+al\.?|and\s+others)\s*$", re.IGNORECASE)
_PAGE_LOCATOR = re.compile(r"^\s*(?:pp?\.?|pages?)?\s*\d", re.IGNORECASE)
_LINKS = re.compile(r"(?:https?://|doi:\s*|www\.)\S+|\b10\.\d{4,}/\S+", re.IGNORECASE)
TITLE_WORDS = 5  # words of a title shown to tell two same-looking entries apart
OPENING_WORDS = 3  # the first author opens an entry: "Das R, ..." / "(2010). In Grown, C., & Valodia, I. (Eds.)"
DID_YOU_MEAN = 3  # entries suggested at most


def _is_ibid(item: CitationItem) -> bool:
    return item.kind == "ibid" or item.status == LinkStatus.IBID


def _item_label(item: CitationItem) -> str:
    return " ".join(item.text.split())


def _labels(context: CheckContext, ids: tuple[str, ...]) -> list[str]:
    return [reference_label(context.references_by_id[i]) for i in ids if i in context.references_by_id]


# --- CIT001 / CIT002 --------------------------------------------------------------------------


@rule("CIT001", "citation-without-reference", Severity.ERROR)
def citation_without_reference(context: CheckContext) -> Iterator[Finding]:
    """A citation matches no entry in the reference list.

    What it does: reports every cited item (not Ibid.) that the cite stage could not link, with the closest
    entries as a "did you mean" suggestion: the entries the cite stage proposed, and entries of the same year
    whose first author's name is spelt almost the same ("Strettoia" for "Strettoi"). Two cases are reported one
    level lower (a warning), because the evidence points at the reading of the draft rather than at the draft:
    an entry whose text contains every cited name and the cited year (the entry exists; its authors or year
    could not be read), and an author-year mention in a numbered paper (usually not a citation of the list).

    Why it matters: the reader cannot find the source that supports the claim.

    Example:
        "... have been established (CSTO, 2022f)."  while the list stops at CSTO (2022e)
    """
    numbered = detect_style(context) == "numeric"
    for citation in context.citations_in_order:
        for item in citation.items:
            if _is_ibid(item) or item.status != LinkStatus.MISSING:
                continue
            written = written_entry(context, item)
            if written is not None:
                yield context.finding(
                    item.start,
                    item.end,
                    f"Citation '{_item_label(item)}' was not linked, but the entry '{written.raw[:60].strip()}…' "
                    f"names the same authors and year: the entry could not be read completely",
                    suggestion="Check that the entry starts with its authors and year in the list's format",
                    references=(written.id,),
                    uncertain=True,
                )
                continue
            candidates = did_you_mean(context, item)
            labels = distinct_labels(context, candidates)
            author_year_in_numbered = numbered and item.kind != "numeric"
            yield context.finding(
                item.start,
                item.end,
                f"Citation '{_item_label(item)}' matches no entry in the reference list"
                + (" (an author-year mention in a numbered paper)" if author_year_in_numbered else ""),
                suggestion=(
                    f"Did you mean {' or '.join(repr(label) for label in labels)}?"
                    if labels
                    else "Add the missing entry to the reference list or correct the citation"
                ),
                references=candidates,
                uncertain=author_year_in_numbered,
            )


def _cited_names(item: CitationItem) -> list[str]:
    return [fold(_ET_AL.sub("", name)) for name in item.authors if fold(_ET_AL.sub("", name))]


def _suffixes_agree(item: CitationItem, reference: Reference) -> bool:
    return (item.year_suffix or "").lower() == (reference.year_suffix or "").lower()


def written_entry(context: CheckContext, item: CitationItem) -> Reference | None:
    """The one entry whose text (links left out) opens with the first cited name, contains every other cited name
    as words and has the cited year: the work is listed, but the cite stage could not read its authors or year.
    None when there is no such entry or several."""
    names = _cited_names(item)
    if not names or item.year is None:
        return None
    found = []
    for reference in context.annotation.references:
        text = f" {fold(_LINKS.sub(' ', reference.raw))} "
        year = reference.year if reference.year is not None else (item.year if str(item.year) in text else None)
        opening = " ".join(text.split()[: OPENING_WORDS + len(names[0].split())])
        if (
            year == item.year
            and _suffixes_agree(item, reference)
            and f" {names[0]} " in f" {opening} "
            and all(f" {n} " in text for n in names)
        ):
            found.append(reference)
    return found[0] if len(found) == 1 else None


def did_you_mean(context: CheckContext, item: CitationItem) -> tuple[str, ...]:
    """Entries the citation may have meant: entries of the cited year whose first author is spelt almost like the
    cited one (a misspelt name finds no candidate by name), then the cite stage's candidates."""
    close = []
    names = [name_key(_ET_AL.sub("", name)) for name in item.authors]
    if names and len(names[0]) >= MIN_NAME_LENGTH and item.year is not None:
        for reference in context.annotation.references:
            listed = author_keys(reference)
            if (
                reference.year == item.year
                and listed
                and listed[0] != names[0]
                and fuzz.ratio(names[0], listed[0]) >= SPELLING_THRESHOLD
            ):
                close.append(reference.id)
    return tuple(dict.fromkeys((*close, *item.candidates)))[:DID_YOU_MEAN]


def distinct_labels(context: CheckContext, ids: tuple[str, ...]) -> list[str]:
    """Labels of entries, with the title added where two entries would otherwise read the same."""
    references = [context.references_by_id[i] for i in ids if i in context.references_by_id]
    labels = [reference_label(r) for r in references]
    return [
        f"{label} ({short_title(reference)})" if labels.count(label) > 1 and reference.title else label
        for label, reference in zip(labels, references, strict=True)
    ]


def short_title(reference: Reference) -> str:
    words = (reference.title or "").split()
    return " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")


@rule("CIT002", "ambiguous-citation", Severity.ERROR)
def ambiguous_citation(context: CheckContext) -> Iterator[Finding]:
    """A citation matches more than one reference entry.

    What it does: reports cited items (not Ibid., see CIT007) the cite stage linked to several candidates.

    Why it matters: the reader cannot tell which of the works supports the claim.

    Example:
        "(CSTO, 2022e)" while the list has two entries "CSTO. (2022e)."
    """
    for citation in context.citations_in_order:
        for item in citation.items:
            if _is_ibid(item) or item.status != LinkStatus.AMBIGUOUS:
                continue
            candidates = distinct_labels(context, item.candidates)
            yield context.finding(
                item.start,
                item.end,
                f"Citation '{_item_label(item)}' matches {len(item.candidates)} entries: " + "; ".join(candidates),
                suggestion="Give the entries distinct year suffixes (or more detail) and cite the one you mean",
                references=item.candidates,
            )


def _linked(context: CheckContext) -> Iterator[tuple[Citation, CitationItem, Reference]]:
    for citation in context.citations_in_order:
        for item in citation.items:
            reference = context.references_by_id.get(item.reference or "")
            if reference is not None and item.status in (LinkStatus.LINKED, LinkStatus.IBID):
                yield citation, item, reference


# --- CIT003 / CIT004 --------------------------------------------------------------------------


def _date_agrees(item: CitationItem, date: PartialDate, suffix: str | None) -> bool:
    """Every part the citation gives equals the entry's part (parts missing on either side are not compared)."""
    pairs = ((item.year, date.year), (item.month, date.month), (item.day, date.day))
    if any(cited is not None and listed is not None and cited != listed for cited, listed in pairs):
        return False
    return not (item.year_suffix and suffix and item.year_suffix.lower() != suffix.lower())


def _listed_dates(reference: Reference) -> str:
    """The entry's dates as written in a citation: ``2022e`` / ``1992, May 15; 2010, December 10``."""
    main, *more = reference_dates(reference)
    first = format_partial_date(main)
    if reference.year_suffix and main.year is not None:
        first = first.replace(str(main.year), f"{main.year}{reference.year_suffix}", 1)
    return "; ".join([first, *(format_partial_date(d) for d in more)])


def date_mismatch(item: CitationItem, reference: Reference) -> bool:
    """The citation gives a date part that none of the entry's dates has."""
    if _is_ibid(item) or (item.year is None and item.month is None and item.day is None):
        return False
    return not any(_date_agrees(item, date, reference.year_suffix) for date in reference_dates(reference))


@rule("CIT003", "citation-date-mismatch", Severity.ERROR)
def citation_date_mismatch(context: CheckContext) -> Iterator[Finding]:
    """The year, month or day of a citation disagrees with its reference entry.

    What it does: compares each date part the citation gives with the linked entry's date (and its further
    dates, as in "1992, May 15; 2010, December 10"); only parts present on both sides are compared. When the
    citation also lacks the year, this one finding says so (CIT004 then stays quiet: one problem, one finding).

    Why it matters: either the citation points at the wrong entry or one of the dates is wrong.

    Example:
        "(President of Russia, May 16)"  but the entry is "President of Russia. (2022, May 15). CSTO summit."
    """
    for _, item, reference in _linked(context):
        if not date_mismatch(item, reference):
            continue
        cited = format_partial_date(PartialDate(item.year, item.month, item.day)) + (item.year_suffix or "")
        listed = _listed_dates(reference)
        no_year = item.year is None and reference.year is not None
        yield context.finding(
            item.start,
            item.end,
            f"Citation is dated {cited}{' (no year)' if no_year else ''} but its entry "
            f"'{author_label(reference)}' is dated {listed}",
            suggestion=(
                f"Write the entry's full date ({listed}) in the citation, or correct the entry"
                if no_year
                else f"Use the entry's date ({listed}) or correct the entry"
            ),
            references=(reference.id,),
        )


@rule("CIT004", "dated-citation-without-year", Severity.ERROR)
def dated_citation_without_year(context: CheckContext) -> Iterator[Finding]:
    """An author-date citation gives a month or day but no year.

    What it does: reports author-date items with a month or day and no year; the suggestion adds the year of
    the linked entry when there is one. A citation whose month or day also disagrees with its entry is reported
    once, by CIT003.

    Why it matters: the year is what links an author-date citation to its entry; "May 16" alone is ambiguous.

    Example:
        "(President of Russia, May 16)"  ->  "(President of Russia, 2022, May 16)"
    """
    for citation in context.citations_in_order:
        for item in citation.items:
            if _is_ibid(item) or item.year is not None or (item.month is None and item.day is None):
                continue
            reference = context.references_by_id.get(item.reference or "")
            if reference is not None and date_mismatch(item, reference):
                continue
            year = f" {reference.year}" if reference is not None and reference.year else ""
            yield context.finding(
                item.start,
                item.end,
                f"Citation '{_item_label(item)}' gives a date without a year",
                suggestion=f"Add the year{year} before the month and day",
                references=(reference.id,) if reference is not None else (),
            )


# --- CIT005 -----------------------------------------------------------------------------------


def _entry_names(reference: Reference) -> list[str]:
    names = [author.family for author in reference.authors]
    return names or ([reference.organisation] if reference.organisation else [])


def misspelt_names(cited: tuple[str, ...], listed: list[str]) -> list[tuple[str, str]]:
    """(as cited, as listed) pairs that are close but not equal after folding (Đurić = Djuric is equal).

    A name that is the other with whole words left out is the same name, read or written shorter: "Harreveld"
    for "van Harreveld", "U.S. Census Bureau" for an entry read as "Census Bureau".
    """
    listed_keys = {name_key(name): name for name in listed}
    pairs = []
    for name in cited:
        bare = _ET_AL.sub("", name).strip()
        key = name_key(bare)
        if len(key) < MIN_NAME_LENGTH or key in listed_keys:
            continue
        best = max(listed_keys, key=lambda k: fuzz.ratio(key, k), default=None)
        if best is None or len(best) < MIN_NAME_LENGTH or fuzz.ratio(key, best) < SPELLING_THRESHOLD:
            continue
        if not _words_left_out(fold(bare).split(), fold(listed_keys[best]).split()):
            pairs.append((bare, listed_keys[best]))
    return pairs


def _words_left_out(a: list[str], b: list[str]) -> bool:
    """One word sequence is a contiguous part of the other."""
    shorter, longer = sorted((a, b), key=len)
    return any(longer[i : i + len(shorter)] == shorter for i in range(len(longer) - len(shorter) + 1))


@rule("CIT005", "author-spelling-mismatch", Severity.ERROR)
def author_spelling_mismatch(context: CheckContext) -> Iterator[Finding]:
    """An author's name is spelt differently in a citation and in its reference entry.

    What it does: compares each author name as cited with the linked entry's family names after folding case
    and diacritics (Đurić = Djuric = Duric is a match); a name that is close but still different is reported.

    Why it matters: a misspelt name is a factual error about a person and breaks search and indexing.

    Example:
        "(Pashinan, 2021)"  but the entry is "Pashinyan, N. (2021). ..."
    """
    for _, item, reference in _linked(context):
        if _is_ibid(item):
            continue
        for as_cited, as_listed in misspelt_names(item.authors, _entry_names(reference)):
            yield context.finding(
                item.start,
                item.end,
                f"Citation spells '{as_cited}' but the entry '{reference_label(reference)}' has '{as_listed}'",
                suggestion=f"Use one spelling: '{as_listed}'",
                references=(reference.id,),
            )


# --- CIT006 / CIT007 --------------------------------------------------------------------------


def _reading_position(context: CheckContext, citation: Citation) -> tuple[int, int]:
    """Where a citation is read: a citation in a footnote is read at the footnote's anchor."""
    for footnote in context.document.footnotes:
        if footnote.start <= citation.start < footnote.end and footnote.anchor is not None:
            return (footnote.anchor, citation.start)
    return (citation.start, citation.start)


def _works_cited(items: tuple[CitationItem, ...]) -> int:
    """Distinct works in a citation group (each Ibid. item counts as one work)."""
    works = {item.reference or item.text for item in items if not _is_ibid(item)}
    return len(works) + sum(1 for item in items if _is_ibid(item))


def _ibid_antecedents(context: CheckContext) -> Iterator[tuple[CitationItem, tuple[CitationItem, ...]]]:
    """Every Ibid. item with the items read just before it (empty when there are none)."""
    ordered = sorted(context.annotation.citations, key=lambda c: _reading_position(context, c))
    for index, citation in enumerate(ordered):
        for position, item in enumerate(citation.items):
            if not _is_ibid(item):
                continue
            if position > 0:  # "(Smith, 2001; ibid., p. 4)": the antecedent is inside the same group
                yield item, citation.items[:position]
            else:
                yield item, ordered[index - 1].items if index > 0 else ()


@rule("CIT006", "ibid-without-antecedent", Severity.ERROR)
def ibid_without_antecedent(context: CheckContext) -> Iterator[Finding]:
    """"Ibid." / "Ibidem" is used where no citation precedes it.

    What it does: reports Ibid. items that come first in reading order (citations in footnotes are read where
    the footnote is anchored).

    Why it matters: "ibid." means "the work just cited"; with nothing cited before, it points nowhere.

    Example:
        The first citation of the paper is "(Ibid., p. 7)".
    """
    for item, antecedent in _ibid_antecedents(context):
        if not antecedent:
            yield context.finding(
                item.start,
                item.end,
                f"'{_item_label(item)}' has no earlier citation to refer to",
                suggestion="Replace it with the full citation (author, year, page)",
            )


@rule("CIT007", "ibid-after-multiple-works", Severity.ERROR)
def ibid_after_multiple_works(context: CheckContext) -> Iterator[Finding]:
    """"Ibid." follows a citation of several works, so it is ambiguous.

    What it does: reports Ibid. items whose preceding citation names two or more works, or that the cite stage
    marked ambiguous.

    Why it matters: the reader cannot know which of the works "the same source" means.

    Example:
        "(Ibid., pp. 17, 21, 25; Petrović, 2010, p. 85). ... (Ibid., p. 31)"  -> CSTO 2009 or Petrović 2010?
    """
    for item, antecedent in _ibid_antecedents(context):
        if not antecedent:
            continue
        if item.status == LinkStatus.AMBIGUOUS or _works_cited(antecedent) > 1:
            candidates = _labels(context, item.candidates) or [_item_label(i) for i in antecedent]
            yield context.finding(
                item.start,
                item.end,
                f"'{_item_label(item)}' follows a citation of several works: " + "; ".join(candidates),
                suggestion="Replace it with the full citation of the work you mean",
                references=item.candidates,
            )


# --- CIT008 -----------------------------------------------------------------------------------


@rule("CIT008", "locator-outside-page-range", Severity.ERROR)
def locator_outside_page_range(context: CheckContext) -> Iterator[Finding]:
    """A page locator lies outside the page range of the cited article or chapter.

    What it does: reads the page numbers of a locator ("p. 169", "pp. 17, 21-25") and of the entry's pages
    field ("pp. 147-178") and reports pages outside the range. Locators that are not pages (chapters,
    paragraphs, sections) and entries without a page range are skipped.

    Why it matters: the reader looks for the quoted passage on a page that is not part of the work.

    Example:
        Entry "National Security Policy, (1), pp. 147-178"; citation "(Rajić & Gajić, 2020, p. 190)".
    """
    for _, item, reference in _linked(context):
        if not item.locator or not reference.pages or not _PAGE_LOCATOR.match(item.locator):
            continue
        ranges = page_numbers(reference.pages)
        if len(ranges) != 1 or ranges[0][0] >= ranges[0][1]:
            continue
        first, last = ranges[0]
        outside = [
            str(page) if page == end else f"{page}-{end}"
            for page, end in page_numbers(item.locator)
            if page < first or end > last
        ]
        if outside:
            yield context.finding(
                item.start,
                item.end,
                f"Page {', '.join(outside)} is outside the pages {first}-{last} of '{reference_label(reference)}'",
                suggestion=f"Check the page number: the work runs from page {first} to {last}",
                references=(reference.id,),
            )

