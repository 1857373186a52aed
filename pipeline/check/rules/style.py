"""STY rules: the shape and order of the reference list for the detected citation style."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.check.registry import CheckContext, rule
from pipeline.check.rules.common import first_author_key, reference_label
from pipeline.model import Finding, Reference, Severity
from pipeline.names import fold, name_key

_AUTHOR_DATE_ENTRY = re.compile(r"^[^()]{1,200}?\(\s*(?:\d{4}|n\.\s?d\.)", re.IGNORECASE)
MAJORITY = 0.7  # share of entries that makes a format "the list's format"
MIN_ENTRIES_FOR_MAJORITY = 4
_PARTICLES = frozenset(
    ["van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "la", "le", "ter", "ten"]
)


def detect_style(context: CheckContext) -> str:
    """``numeric`` when most entries carry number labels or most cited items are numbers, else ``author-date``."""
    if context.config.style != "auto":
        return context.config.style
    references = context.annotation.references
    labelled = sum(1 for r in references if (r.label or "").strip().isdigit())
    items = [item for citation in context.annotation.citations for item in citation.items]
    numeric_items = sum(1 for item in items if item.kind == "numeric")
    if (references and labelled * 2 > len(references)) or (items and numeric_items * 2 > len(items)):
        return "numeric"
    return "author-date"


def _alphabetical_key(reference: Reference) -> tuple[str, int]:
    return (first_author_key(reference), reference.year or 0)


def _suffix_key(reference: Reference) -> tuple[str, int, str]:
    return (*_alphabetical_key(reference), (reference.year_suffix or "").lower())


def _sort_names(reference: Reference) -> list[str]:
    """Keys the entry may be filed under: each word of the first author's family name, particles left out.

    Lists file "van der Maaten" under M or V, "Le Pichon" letter by letter or word by word (before "Lee"), and a
    compound or misread family ("Tošić Malešević", "K. Bretonnel Cohen") may be filed under any of its words, so
    an entry is only out of order when every reading is.
    """
    author = reference.authors[0] if reference.authors else None
    if author is None or reference.organisation and fold(author.family) == fold(reference.organisation):
        return [first_author_key(reference)]  # an organisation is filed under its whole name
    family = fold(author.family)
    words = [w for w in family.split() if w not in _PARTICLES]
    # The whole name too, word by word ("nothing before something"): "Le Pichon" may precede "Lee".
    return sorted({family, *(name_key(w) for w in words)} - {""}) or [first_author_key(reference)]


def _files_before(reference: Reference, previous: Reference) -> bool:
    """True when ``reference`` belongs before ``previous`` under every reading of both names."""
    mine, theirs = _sort_names(reference), _sort_names(previous)
    return bool(mine[-1]) and mine[-1] < theirs[0]


def _label_number(reference: Reference) -> int | None:
    label = (reference.label or "").strip().strip("[].")
    return int(label) if label.isdigit() else None


@rule("STY001", "reference-list-order", Severity.WARNING)
def reference_list_order(context: CheckContext) -> Iterator[Finding]:
    """The reference list is not in the order its citation style requires.

    What it does: in author-date lists, entries must be alphabetical by first author (folded: Đ sorts as D),
    then by year, then by year suffix; every entry that comes after one it should precede is reported. In
    numbered lists, labels must increase; and when the list is not alphabetical (numbered by first
    citation), each number must be cited for the first time after the numbers before it.

    Why it matters: readers find entries by scanning the list in order; a misplaced entry looks missing.

    Example:
        "... President of Russia (2022) / Rajić, N. (2020) / Politika (2022) / ..."  <- Politika belongs
        before President of Russia
    """
    references = context.annotation.references
    if detect_style(context) == "numeric":
        yield from _numeric_order(context, references)
        return
    for previous, reference in zip(references, references[1:], strict=False):
        if _suffix_key(reference) >= _suffix_key(previous) or not first_author_key(reference):
            continue
        if _files_before(reference, previous):
            successor = next(r for r in references if _files_before(reference, r))
            message = f"'{reference_label(reference)}' is out of alphabetical order after '{reference_label(previous)}'"
        elif _suffix_key(reference)[:2] == _suffix_key(previous)[:2] and previous.year_suffix and reference.year_suffix:
            successor = previous
            message = f"'{reference_label(reference)}' comes after '{reference_label(previous)}': suffixes out of order"
        else:
            continue  # the same first author: styles differ on ordering by co-authors or year
        yield context.finding(
            reference.start,
            reference.end,
            message,
            suggestion=f"Move the entry before '{reference_label(successor)}'",
            references=(reference.id,),
        )


def _numeric_order(context: CheckContext, references: tuple[Reference, ...]) -> Iterator[Finding]:
    numbered = [(number, r) for r in references if (number := _label_number(r)) is not None]
    for (previous_number, _), (number, reference) in zip(numbered, numbered[1:], strict=False):
        if number <= previous_number:
            yield context.finding(
                reference.start,
                reference.end,
                f"Entry [{number}] comes after entry [{previous_number}]",
                suggestion="Number the entries in increasing order",
                references=(reference.id,),
            )
    keys = [first_author_key(r) for _, r in numbered]
    if keys == sorted(keys):  # numbered alphabetically: first-citation order does not apply
        return
    highest = 0
    for citation in context.citations_in_order:
        for item in citation.items:
            if item.number is None or item.number <= highest:
                continue
            if item.number > highest + 1:
                yield context.finding(
                    item.start,
                    item.end,
                    f"[{item.number}] is cited before [{highest + 1}]: the list is not in order of first citation",
                    suggestion="Renumber the entries in the order they are first cited",
                    references=(item.reference,) if item.reference else (),
                )
            highest = item.number


def entry_format(reference: Reference) -> str:
    """``author-date`` for "Author (Year)" entries, else ``other``."""
    return "author-date" if _AUTHOR_DATE_ENTRY.match(reference.raw.strip().lstrip("-•*").strip()) else "other"


@rule("STY002", "mixed-reference-formats", Severity.INFO)
def mixed_reference_formats(context: CheckContext) -> Iterator[Finding]:
    """A reference entry is written in a different format from the rest of the list.

    What it does: in author-date lists where at least 70% of four or more entries start "Author (Year)", every
    entry that does not is reported.

    Why it matters: a consistent list is what journals require, and an entry in another format is often a
    duplicate pasted from elsewhere (see REF001).

    Example:
        "Petrović Dragan, Integration Processes in the Post-Soviet Space, Belgrade, 2010."  among
        "Author, A. (Year). Title ..." entries
    """
    references = context.annotation.references
    if detect_style(context) != "author-date" or len(references) < MIN_ENTRIES_FOR_MAJORITY:
        return
    formats = [entry_format(r) for r in references]
    if formats.count("author-date") < MAJORITY * len(references):
        return
    for reference, shape in zip(references, formats, strict=True):
        if shape != "author-date":
            yield context.finding(
                reference.start,
                reference.end,
                "Entry is not written 'Author (Year). Title ...' like the rest of the list",
                suggestion="Rewrite it in the list's format: Author, A. (Year). Title. Container ...",
                references=(reference.id,),
            )
