"""BibTeX in and out: a ``.bib`` file beside a draft becomes ``Reference`` records, and references become BibTeX.

Reading uses bibtexparser v2 with LaTeX accents decoded (``{\\'c}`` -> ``ć``) and names split into parts.
A block bibtexparser cannot read is not an error: it becomes a problem naming its line, and the rest still loads.
Writing is deterministic: stable keys (``lobanov2019``, ``csto2022a``), a fixed field order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from bibtexparser.middlewares.names import NameParts
from bibtexparser.model import Entry, Field

from pipeline.cite.authors import is_organisation
from pipeline.cite.refdates import month_number
from pipeline.errors import InputError
from pipeline.model import Author, Reference
from pipeline.names import name_key

KIND_TO_TYPE = {"article": "article", "book": "book", "chapter": "incollection", "report": "techreport",
                "web": "misc", "other": "misc"}
TYPE_TO_KIND = {"article": "article", "book": "book", "incollection": "chapter", "inbook": "chapter",
                "inproceedings": "chapter", "conference": "chapter", "techreport": "report", "online": "web",
                "phdthesis": "report", "mastersthesis": "report", "misc": "other", "unpublished": "other"}
# The order fields are written in; it never depends on the input.
FIELD_ORDER = ("author", "editor", "title", "journal", "booktitle", "year", "month", "day", "volume", "number",
               "pages", "publisher", "address", "doi", "url", "urldate")


def read_bibtex(path: Path) -> tuple[list[Reference], list[str]]:
    """References of a ``.bib`` file and the problems met (failed blocks named by line; never raises on content)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot read the BibTeX file: {error.strerror or error}") from error
    try:
        text = data.decode("utf-8")
        problems: list[str] = []
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        problems = [f"{path}: not UTF-8, read as Latin-1"]
    references, found = read_bibtex_string(text, source=str(path))
    return references, problems + found


def read_bibtex_string(text: str, *, source: str = "<bibtex>") -> tuple[list[Reference], list[str]]:
    """Like :func:`read_bibtex` for text already in memory."""
    # Decode LaTeX before splitting names, keeping {braced} groups so "{World Health Organization}" stays one name.
    middleware = [LatexDecodingMiddleware(keep_braced_groups=True), SeparateCoAuthors(), SplitNameParts()]
    library = bibtexparser.parse_string(text, append_middleware=middleware)
    problems = [f"{source}:{block.start_line + 1}: {_describe(block.error)}" for block in library.failed_blocks]
    return [entry_to_reference(entry) for entry in library.entries], problems


def _describe(error: Exception) -> str:
    reason = getattr(error, "abort_reason", None) or str(error)  # bibtexparser keeps the reason in an attribute
    return " ".join(reason.split()) or type(error).__name__


def _value(entry: Entry, key: str) -> str | None:
    field = entry.fields_dict.get(key)
    if field is None or isinstance(field.value, list):
        return None
    value = " ".join(str(field.value).replace("{", "").replace("}", "").split())
    return value or None


def _authors(entry: Entry, key: str) -> tuple[Author, ...]:
    field = entry.fields_dict.get(key)
    if field is None or not isinstance(field.value, list):
        return ()
    return tuple(_author(name) for name in field.value if isinstance(name, NameParts))


def _author(name: NameParts) -> Author:
    family = " ".join(name.von + name.last).replace("{", "").replace("}", "").strip()
    given = " ".join(name.first + name.jr).replace("{", "").replace("}", "").strip() or None
    return Author(family, given, key=name_key(family))


def entry_to_reference(entry: Entry) -> Reference:
    authors = _authors(entry, "author")
    organisation = authors[0].family if len(authors) == 1 and authors[0].given is None \
        and is_organisation(authors[0].family) else None
    year_text = _value(entry, "year") or _value(entry, "date") or ""
    year = re.search(r"\d{4}", year_text)
    suffix = re.fullmatch(r"\d{4}([a-z])", year_text)
    date = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", _value(entry, "date") or "")
    month = month_number(_value(entry, "month")) or (_int(_value(entry, "month"))) or (int(date[2]) if date else None)
    day = _int(_value(entry, "day")) or (int(date[3]) if date and date[3] else None)
    title, container = _value(entry, "title"), _value(entry, "journal") or _value(entry, "booktitle")
    problems = [] if authors or organisation else ["no author in the BibTeX entry"]
    if not year:
        problems.append("no year in the BibTeX entry")
    pages = _value(entry, "pages")
    return Reference(
        id=entry.key, start=0, end=0, raw=entry.raw or "", authors=authors, organisation=organisation,
        year=int(year.group(0)) if year else None, year_suffix=suffix.group(1) if suffix else None,
        month=month if month and 1 <= month <= 12 else None, day=day, title=title, container=container,
        editors=_authors(entry, "editor"), volume=_value(entry, "volume"), issue=_value(entry, "number"),
        pages=re.sub(r"\s*[-–—]+\s*", "-", pages) if pages else None, publisher=_value(entry, "publisher"),
        place=_value(entry, "address") or _value(entry, "location"), url=_value(entry, "url"),
        doi=_value(entry, "doi"), accessed=_value(entry, "urldate"),
        kind=_kind(entry), parsed=not problems, problems=tuple(problems),
    )


def _kind(entry: Entry) -> str:
    """The entry type's kind; a ``@misc`` with a URL is a web page (what :func:`write_bibtex` writes for one)."""
    kind = TYPE_TO_KIND.get(entry.entry_type.lower(), "other")
    return "web" if kind == "other" and _value(entry, "url") else kind


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def write_bibtex(references: Sequence[Reference]) -> str:
    """BibTeX for ``references`` in their order; keys are unique and do not depend on anything but the fields."""
    library = Library()
    used: set[str] = set()
    for reference in references:
        key = unique_key(citation_key(reference), used)
        library.add(Entry(KIND_TO_TYPE.get(reference.kind or "other", "misc"), key, reference_fields(reference)))
    return bibtexparser.write_string(library)


def citation_key(reference: Reference) -> str:
    """``lobanov2019``, ``csto2022a``; ``anon``/``nd`` stand in for a missing author/year."""
    first = reference.authors[0].family if reference.authors else reference.organisation
    stem = name_key(first) if first else "anon"
    year = f"{reference.year}{reference.year_suffix or ''}" if reference.year else "nd"
    return f"{stem[:24] or 'anon'}{year}"


def unique_key(key: str, used: set[str]) -> str:
    candidate, n = key, 2
    while candidate in used:
        candidate, n = f"{key}-{n}", n + 1
    used.add(candidate)
    return candidate


def _names(authors: Sequence[Author]) -> str:
    return " and ".join(f"{a.family}, {a.given}" if a.given else f"{{{a.family}}}" for a in authors)


def reference_fields(reference: Reference) -> list[Field]:
    values = {
        "author": _names(reference.authors) if reference.authors else None,
        "editor": _names(reference.editors) if reference.editors else None,
        "title": reference.title,
        "journal" if reference.kind == "article" else "booktitle": reference.container,
        "year": f"{reference.year}{reference.year_suffix or ''}" if reference.year else None,
        "month": str(reference.month) if reference.month else None,
        "day": str(reference.day) if reference.day else None,
        "volume": reference.volume, "number": reference.issue,
        "pages": reference.pages.replace("-", "--") if reference.pages else None,
        "publisher": reference.publisher, "address": reference.place, "doi": reference.doi, "url": reference.url,
        "urldate": reference.accessed,
    }
    return [Field(key, _escape(values[key])) for key in FIELD_ORDER if values.get(key)]


def _escape(value: str | None) -> str:
    """Keep braces balanced so a value can never end the field early."""
    text = value or ""
    return text.replace("{", "(").replace("}", ")") if text.count("{") != text.count("}") else text
