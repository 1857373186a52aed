"""Parse reference-list entries into ``Reference`` records (the first half of the cite stage).

Interface::

    references = parse_references(document)          # one Reference per document.reference_entries
    reference = parse_reference(raw, id="ref1")       # one string

The rules (:mod:`pipeline.cite.rules`) read every field; the field tagger (:mod:`pipeline.cite.fieldtagger`) then
gives the title and container, with the rules' reading as a hint (:mod:`pipeline.cite.tagged_fields`). An entry
whose authors or year cannot be found keeps its raw text, gets ``parsed=False`` and says why in ``problems``;
parsing never raises on any text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.cite.containers import REPORT
from pipeline.cite.fieldtagger.tagger import FieldTagger, default_tagger
from pipeline.cite.refdates import FoundDate
from pipeline.cite.rules import Fields, clean, read_fields
from pipeline.cite.tagged_fields import tag_title_and_container
from pipeline.model import Author, Document, Reference
from pipeline.names import name_key


def parse_references(document: Document) -> tuple[Reference, ...]:
    """One ``Reference`` per reference-list entry, in list order."""
    references = [parse_reference(document.text[e.start:e.end], id=e.id, start=e.start, end=e.end, label=e.label)
                  for e in document.reference_entries]
    if _writes_initials(references):
        references = [_two_family_names(r) for r in references]
    return tuple(references)


_INITIALS = re.compile(r"(?:[A-Z][a-z]?[.-]?\s?)+(?:\s(?:Jr|Jnr|Sr|II|III|2nd|3rd)\.?)?")


def _writes_initials(references: list[Reference]) -> bool:
    """Does the list give first names as initials only (so a full word after "Family," is another family name)?"""
    givens = [a.given for r in references for a in r.authors if a.given]
    return len(givens) >= 10 and sum(bool(_INITIALS.fullmatch(g)) for g in givens) >= 0.9 * len(givens)


def _two_family_names(reference: Reference) -> Reference:
    """"Marciniak, Przedniczek. 2019." in a list of initials is two authors, not a family and a given name."""
    if len(reference.authors) != 1 or not reference.authors[0].given:
        return reference
    family, given = reference.authors[0].family, reference.authors[0].given
    if _INITIALS.fullmatch(given) or " " in given or not clean(reference.raw).startswith(f"{family}, {given}"):
        return reference
    second = given.rstrip(".")
    authors = (replace(reference.authors[0], given=None), Author(second, None, key=name_key(second)))
    return replace(reference, authors=authors)


def parse_reference(raw: str, *, id: str, start: int = 0, end: int | None = None, label: str | None = None,
                    tagger: FieldTagger | None = None, rules_only: bool = False) -> Reference:
    """Parse one reference string; ``start``/``end`` locate it in the document (default: the string itself).

    Title and container come from the field tagger (``tagger``, by default the shipped model) reading the string
    with the rules' result as a hint; ``rules_only`` leaves them as the rules read them (the tagger's training
    input).
    """
    end = start + len(raw) if end is None or end < start else end
    text = clean(raw)
    fields, date = read_fields(text)
    tagger = None if rules_only or _MARKED_UP.search(text) else tagger or default_tagger()
    if tagger is not None:
        tag_title_and_container(text, fields, date, tagger)
    return build_reference(raw, id, start, end, label or fields.label, fields, date)


# Markdown emphasis around words ("*Title*", "**Journal**") is the author's own field markup, which the rules read
# and the tagger never saw in training. (A lone "*" marking co-first authors is not emphasis.)
_MARKED_UP = re.compile(r"\*{1,2}[^\W_][^*]*?[^\s*]\*{1,2}")


def build_reference(raw: str, id: str, start: int, end: int, label: str | None, fields: Fields,
                    date: FoundDate | None) -> Reference:
    problems = list(fields.problems)
    if not fields.authors:
        problems.append("no author or organisation found")
    if date is None or date.year is None:
        problems.append("no publication year found")
    return Reference(
        id=id, start=start, end=end, raw=raw, authors=fields.authors, organisation=fields.organisation,
        year=date.year if date else None, year_suffix=date.suffix if date else None,
        month=date.month if date else None, day=date.day if date else None, more_dates=date.more if date else (),
        title=fields.title, container=fields.container, editors=fields.editors, volume=fields.volume,
        issue=fields.issue, pages=fields.pages, publisher=fields.publisher, place=fields.place, url=fields.url,
        doi=fields.doi, accessed=fields.accessed, label=label, kind=kind_of(fields),
        parsed=not problems, problems=tuple(problems),
    )


def kind_of(fields: Fields) -> str:
    """article | book | chapter | web | report | other, from which fields were found."""
    if fields.chapter or (fields.editors and fields.container):
        return "chapter"
    if fields.title and REPORT.search(fields.title + " " + (fields.publisher or "")):
        return "report"
    if fields.container and (fields.volume or fields.pages or fields.issue):
        return "article"
    if fields.url and not fields.container:
        return "web"
    if fields.publisher:
        return "book"
    if fields.container:
        return "article"
    return "other"
