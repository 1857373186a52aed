"""Printing JATS reference-list entries the way the journal prints them.

``mixed-citation`` already holds the printed string with field tags inside: we keep its text and only add the
separators some publishers leave out of the markup (``<surname>Mori</surname><given-names>H</given-names>``).
``element-citation`` holds fields only; we assemble them in one of three house styles:

- ``elife``: ``Baldwin PR, Penczek PA. 2007. Title. J Struct Biol 157:250–61. DOI: https://doi.org/...``
- ``author-year`` (APA-like): ``Baldwin, P. R., & Penczek, P. A. (2007). Title. J Struct Biol, 157, 250–61.``
- ``numbered`` (Vancouver-like): ``Baldwin PR, Penczek PA. Title. J Struct Biol. 2007; 157:250–61.``
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from pipeline.extract.textbuild import normalise_line

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
CITATION_TAGS = ("mixed-citation", "element-citation", "citation", "nlm-citation")
_NAME_TAGS = frozenset({"name", "string-name", "collab"})
_DROPPED_IDS = frozenset({"pmid", "pmcid", "pmc", "publisher-id", "medline"})  # printed as links, not text
_SPACE = re.compile(r"\s+")


class RefStyle(StrEnum):
    ELIFE = "elife"
    AUTHOR_YEAR = "author-year"
    NUMBERED = "numbered"


@dataclass(frozen=True)
class _Name:
    surname: str
    given: str = ""
    suffix: str = ""
    collab: bool = False


@dataclass
class _Fields:
    """The fields of one ``element-citation`` that the styles print."""

    kind: str
    authors: list[_Name] = field(default_factory=list)
    editors: list[_Name] = field(default_factory=list)
    etal: bool = False
    year: str = ""
    title: str = ""  # article, chapter or data title
    source: str = ""
    edition: str = ""
    volume: str = ""
    issue: str = ""
    fpage: str = ""
    lpage: str = ""
    elocation: str = ""
    place: str = ""
    publisher: str = ""
    conference: str = ""
    comment: str = ""
    doi: str = ""
    url: str = ""

    @property
    def pages(self) -> str:
        if self.fpage and self.lpage and self.lpage != self.fpage:
            return f"{self.fpage}–{self.lpage}"
        return self.fpage or self.elocation


def text_of(element: ET.Element) -> str:
    """All text inside ``element``, whitespace collapsed."""
    return normalise_line(_SPACE.sub(" ", "".join(element.itertext())))


def citation_of(ref: ET.Element) -> ET.Element | None:
    return next((child for child in ref if child.tag in CITATION_TAGS), None)


def render_reference(ref: ET.Element, style: RefStyle) -> str:
    """The printed string of one ``<ref>`` (without its label)."""
    citation = citation_of(ref)
    return text_of(ref) if citation is None else render_citation(citation, style)


def render_citation(citation: ET.Element, style: RefStyle) -> str:
    """The printed string of one ``mixed-citation`` / ``element-citation``."""
    if citation.tag == "element-citation" or not _has_own_text(citation):
        return render_fields(_fields(citation), style)
    return render_mixed(citation)


def _has_own_text(citation: ET.Element) -> bool:
    """``mixed-citation`` carries punctuation between its fields; some publishers tag fields only."""
    texts = [citation.text or ""] + [child.tail or "" for child in citation]
    return any(text.strip() for text in texts)


# --- mixed-citation ------------------------------------------------------------------------------------------


def render_mixed(citation: ET.Element) -> str:
    """The printed string kept as is, plus the separators the markup leaves out."""
    parts: list[str] = []
    _mixed_parts(citation, parts)
    return normalise_line(_SPACE.sub(" ", "".join(parts)))


def _mixed_parts(element: ET.Element, parts: list[str]) -> None:
    if element.tag == "etal" and not text_of(element):
        parts.append("et al.")
    parts.append(element.text or "")
    previous: ET.Element | None = None
    for child in element:
        if child.tag == "pub-id" and child.get("pub-id-type") in _DROPPED_IDS:
            parts.append(child.tail or "")
            previous = child if not (child.tail or "").strip() else None
            continue
        if previous is not None:
            parts.append(_separator(previous, child))
        _mixed_parts(child, parts)
        tail = child.tail or ""
        parts.append(tail)
        previous = child if not tail.strip() else None


def _separator(previous: ET.Element, following: ET.Element) -> str:
    """What goes between two adjacent tagged fields with no printed text between them."""
    if previous.tag in _NAME_TAGS and (following.tag in _NAME_TAGS or following.tag == "etal"):
        return ", "
    return " "


# --- element-citation ------------------------------------------------------------------------------------------


def _fields(citation: ET.Element) -> _Fields:
    fields = _Fields(kind=citation.get("publication-type", "other"))
    for group in citation.iter("person-group"):
        names = [_name(child) for child in group if child.tag in _NAME_TAGS]
        if group.get("person-group-type", "author") == "editor":
            fields.editors.extend(names)
        else:
            fields.authors.extend(names)
        fields.etal = fields.etal or group.find("etal") is not None
    if not fields.authors:  # names directly under the citation
        fields.authors = [_name(child) for child in citation if child.tag in _NAME_TAGS]
    fields.etal = fields.etal or citation.find("etal") is not None
    for child in citation:
        _set_field(fields, child)
    return fields


_SIMPLE_FIELDS = {
    "year": "year",
    "source": "source",
    "edition": "edition",
    "volume": "volume",
    "issue": "issue",
    "fpage": "fpage",
    "lpage": "lpage",
    "elocation-id": "elocation",
    "publisher-loc": "place",
    "publisher-name": "publisher",
    "conf-name": "conference",
    "comment": "comment",
}
_TITLE_TAGS = ("article-title", "chapter-title", "data-title", "part-title")


def _set_field(fields: _Fields, child: ET.Element) -> None:
    value = text_of(child)
    if not value:
        return
    if child.tag in _SIMPLE_FIELDS and not getattr(fields, _SIMPLE_FIELDS[child.tag]):
        setattr(fields, _SIMPLE_FIELDS[child.tag], value)
    elif child.tag in _TITLE_TAGS and not fields.title:
        fields.title = value
    elif child.tag == "pub-id" and child.get("pub-id-type") == "doi" and not fields.doi:
        fields.doi = value
    elif child.tag in ("ext-link", "uri") and not fields.url:
        fields.url = child.get(XLINK_HREF) or value


def _name(element: ET.Element) -> _Name:
    if element.tag == "collab":
        return _Name(text_of(element), collab=True)
    surname = element.find("surname")
    if surname is None:  # a string-name without inner tags
        return _Name(text_of(element), collab=True)
    given = element.find("given-names")
    suffix = element.find("suffix")
    return _Name(
        text_of(surname),
        text_of(given) if given is not None else "",
        text_of(suffix) if suffix is not None else "",
    )


def render_fields(fields: _Fields, style: RefStyle) -> str:
    render: Callable[[_Fields], list[str]] = {
        RefStyle.ELIFE: _elife,
        RefStyle.AUTHOR_YEAR: _author_year,
        RefStyle.NUMBERED: _numbered,
    }[style]
    return " ".join(piece for piece in render(fields) if piece)


def _sentence(text: str) -> str:
    """``text`` closed with a full stop unless it already ends with a mark."""
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def _initials(given: str, *, dotted: bool) -> str:
    """``"PR"`` / ``"Paul R."`` / ``"K-H"`` -> ``"P. R."`` (dotted) or ``"PR"``."""
    words = [w for w in re.split(r"[\s.]+", given) if w]
    letters: list[str] = []
    for word in words:
        if "-" in word:
            letters.append("-".join(part[:1] for part in word.split("-") if part))
        elif word.isupper() and len(word) <= 3:
            letters.extend(word)
        else:
            letters.append(word[:1])
    if dotted:
        return " ".join(f"{letter}." for letter in letters)
    return "".join(letters)


def _short_name(name: _Name) -> str:
    if name.collab:
        return name.surname
    initials = _initials(name.given, dotted=False)
    return " ".join(part for part in (name.surname, initials, name.suffix) if part)


def _apa_name(name: _Name) -> str:
    if name.collab:
        return name.surname
    initials = _initials(name.given, dotted=True)
    return ", ".join(part for part in (name.surname, initials, name.suffix) if part)


def _short_names(names: list[_Name], etal: bool) -> str:
    listed = ", ".join(_short_name(n) for n in names)
    return f"{listed}, et al" if etal and listed else listed


def _apa_names(names: list[_Name], etal: bool) -> str:
    printed = [_apa_name(n) for n in names]
    if etal:
        return ", ".join(printed + ["et al."])
    if len(printed) > 1:
        return ", ".join(printed[:-1]) + ", & " + printed[-1]
    return "".join(printed)


def _publisher(fields: _Fields) -> str:
    return ": ".join(part for part in (fields.place, fields.publisher) if part)


def _doi_url(fields: _Fields) -> str:
    return f"https://doi.org/{fields.doi}" if fields.doi else fields.url


def _elife(fields: _Fields) -> list[str]:
    pieces = [_sentence(_short_names(fields.authors, fields.etal)), _sentence(fields.year), _sentence(fields.title)]
    if fields.kind == "journal":
        locator = f"{fields.volume}:{fields.pages}" if fields.volume and fields.pages else fields.volume or fields.pages
        pieces.append(_sentence(" ".join(part for part in (fields.source, locator) if part)))
    else:
        if fields.editors:
            pieces.append(f"In: {_short_names(fields.editors, False)} (Eds).")
        pieces += [_sentence(fields.source), _sentence(fields.edition), _sentence(fields.conference)]
        pieces += [_sentence(_publisher(fields)), _sentence(f"p. {fields.pages}" if fields.pages else "")]
    pieces.append(_sentence(fields.comment))
    if fields.doi:
        pieces.append(f"DOI: https://doi.org/{fields.doi}")
    elif fields.url:
        pieces.append(fields.url)
    return pieces


def _author_year(fields: _Fields) -> list[str]:
    year = f"({fields.year})." if fields.year else "(n.d.)."
    pieces = [_sentence(_apa_names(fields.authors, fields.etal)), year, _sentence(fields.title)]
    if fields.kind == "journal":
        volume = f"{fields.volume}({fields.issue})" if fields.volume and fields.issue else fields.volume
        pieces.append(_sentence(", ".join(part for part in (fields.source, volume, fields.pages) if part)))
    else:
        if fields.editors:
            pieces.append(f"In {_apa_names(fields.editors, False)} (Eds.),")
        pages = f"(pp. {fields.pages})" if fields.pages else ""
        pieces += [_sentence(" ".join(part for part in (fields.source, pages) if part)), _sentence(fields.edition)]
        pieces += [_sentence(fields.conference), _sentence(_publisher(fields))]
    pieces += [_sentence(fields.comment), _doi_url(fields)]
    return pieces


def _numbered(fields: _Fields) -> list[str]:
    pieces = [_sentence(_short_names(fields.authors, fields.etal)), _sentence(fields.title)]
    if fields.kind == "journal":
        volume = f"{fields.volume}({fields.issue})" if fields.volume and fields.issue else fields.volume
        locator = ":".join(part for part in (volume, fields.pages) if part)
        dated = "; ".join(part for part in (fields.year, locator) if part)
        pieces += [_sentence(fields.source), _sentence(dated)]
    else:
        if fields.editors:
            pieces.append(f"In: {_short_names(fields.editors, False)}, editors.")
        publisher = "; ".join(part for part in (_publisher(fields), fields.year) if part)
        pieces += [_sentence(fields.source), _sentence(fields.edition), _sentence(fields.conference)]
        pieces += [_sentence(publisher), _sentence(f"p. {fields.pages}" if fields.pages else "")]
    pieces.append(_sentence(fields.comment))
    if fields.doi:
        pieces.append(f"doi: {fields.doi}")
    elif fields.url:
        pieces.append(fields.url)
    return pieces
