"""References re-written in the common house styles, with their field labels, as extra training strings.

The tagged gold strings come in hundreds of styles but few of them in the styles most drafts use (eLife,
Vancouver/PLOS, APA, Harvard, Nature), where a journal is followed directly by "12:3–4" or "12(3), 3–4", a DOI
closes the entry, and web pages end in "Retrieved from: URL. Accessed 3.03.2022.". Each journal reference of the
training set (authors, year, title, journal, volume, pages all tagged) is written again in two of those styles (and
ACL's), every third reference with authors, year and title as a web page and every second one with a container as
an ACL proceedings paper (full names, long author lists), the style picked by position so that training
stays deterministic. Journal names are also written without the full stops of their abbreviations ("J Am Chem
Soc"), as medical styles print them. DOIs and URLs are made up (10.5555 is the DOI prefix reserved for examples).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pipeline.cite.fieldtagger import Piece


@dataclass(frozen=True)
class JournalArticle:
    names: tuple[tuple[str, str], ...]  # (family, given) as written in the gold
    year: str
    title: str
    journal: str
    volume: str
    issue: str | None
    pages: str


@dataclass(frozen=True)
class TitledWork:
    """Any reference with authors, year and title; container and pages when it has them."""

    names: tuple[tuple[str, str], ...]
    year: str
    title: str
    container: str | None = None
    pages: str | None = None


def _initials(given: str, *, dots: bool, spaced: bool = True) -> str:
    letters = [part[0].upper() for part in re.split(r"[\s.\-]+", given) if part and part[0].isalpha()]
    if dots:
        return (" " if spaced else "").join(f"{letter}." for letter in letters)
    return "".join(letters)


def _name_list(names: tuple[tuple[str, str], ...], render: Callable[[str, str], str], last_joiner: str) -> str:
    written = [render(family, given) for family, given in names]
    if len(written) < 2 or not last_joiner:
        return ", ".join(written)
    return ", ".join(written[:-1]) + last_joiner + written[-1]


def _undotted(journal: str) -> str:
    return re.sub(r"(?<=\w)\.(?=\s|$)", "", journal)


def _numbers(article: JournalArticle, issue_format: str) -> str:
    return article.volume + (issue_format.format(article.issue) if article.issue else "")


def _doi(text: str) -> str:
    return f"10.5555/{zlib.crc32(text.encode('utf-8')) % 10**7:07d}"  # crc32: stable, unlike hash()


def elife(a: JournalArticle) -> list[Piece]:
    authors = _name_list(a.names, lambda f, g: f"{f} {_initials(g, dots=False)}".strip(), "")
    return [Piece("author", authors + ". "), Piece("date", a.year + ". "), Piece("title", a.title + ". "),
            Piece("container", a.journal + " "), Piece("volume", a.volume + ":"), Piece("pages", a.pages + ". "),
            Piece("identifier", f"DOI: https://doi.org/{_doi(a.title)}")]


def elife_online(a: JournalArticle) -> list[Piece]:
    """eLife's form for preprints and online-first papers: the journal, then the DOI, no numbers."""
    authors = _name_list(a.names, lambda f, g: f"{f} {_initials(g, dots=False)}".strip(), "")
    return [Piece("author", authors + ". "), Piece("date", a.year + ". "), Piece("title", a.title + ". "),
            Piece("container", a.journal + ". "), Piece("identifier", f"DOI: https://doi.org/{_doi(a.title)}")]


def vancouver(a: JournalArticle) -> list[Piece]:
    authors = _name_list(a.names, lambda f, g: f"{f} {_initials(g, dots=False)}".strip(), "")
    return [Piece("author", authors + ". "), Piece("title", a.title + ". "),
            Piece("container", _undotted(a.journal) + ". "), Piece("date", a.year + ";"),
            Piece("volume", _numbers(a, "({})") + ":"), Piece("pages", a.pages + ".")]


def apa(a: JournalArticle) -> list[Piece]:
    authors = _name_list(a.names, lambda f, g: f"{f}, {_initials(g, dots=True)}".strip(" ,"), ", & ")
    return [Piece("author", authors + " "), Piece("date", f"({a.year}). "), Piece("title", a.title + ". "),
            Piece("container", a.journal + ", "), Piece("volume", _numbers(a, "({})") + ", "),
            Piece("pages", a.pages + ". "), Piece("identifier", f"https://doi.org/{_doi(a.title)}")]


def harvard(a: JournalArticle) -> list[Piece]:
    authors = _name_list(a.names, lambda f, g: f"{f}, {_initials(g, dots=True, spaced=False)}".strip(" ,"), "")
    return [Piece("author", authors + ", "), Piece("date", a.year + ". "), Piece("title", a.title + ". "),
            Piece("container", a.journal + " "), Piece("volume", a.volume + ", "), Piece("pages", a.pages + ".")]


def _full_names(names: tuple[tuple[str, str], ...]) -> str:
    """"Given Family, Given Family, and Given Family" (ACL, most computer science)."""
    written = [f"{given} {family}".strip() for family, given in names]
    if len(written) < 3:
        return " and ".join(written)
    return ", ".join(written[:-1]) + ", and " + written[-1]


def acl(a: JournalArticle) -> list[Piece]:
    return [Piece("author", _full_names(a.names).rstrip(".") + ". "), Piece("date", a.year + ". "),
            Piece("title", a.title + ". "), Piece("container", a.journal + ", "),
            Piece("volume", _numbers(a, "({})") + ":"), Piece("pages", a.pages + ".")]


def nature(a: JournalArticle) -> list[Piece]:
    authors = _name_list(a.names, lambda f, g: f"{f}, {_initials(g, dots=True)}".strip(" ,"), " & ")
    return [Piece("author", authors + " "), Piece("title", a.title + ". "), Piece("container", a.journal + " "),
            Piece("volume", a.volume + ", "), Piece("pages", a.pages + " "), Piece("date", f"({a.year}).")]


STYLES = (elife, vancouver, apa, harvard, nature, elife_online, acl)
_MONTHS = ("January", "March", "May", "June", "September", "November")


def acl_proceedings(work: TitledWork) -> list[Piece]:
    """"Names. 2017. Title. In Proceedings of X, pages 1–10." (the container is whatever the gold tagged)."""
    pieces = [Piece("author", _full_names(work.names).rstrip(".") + ". "), Piece("date", work.year + ". "),
              Piece("title", work.title + ". "), Piece("container", f"In {work.container}")]
    if work.pages:
        return [*pieces[:-1], Piece("container", f"In {work.container}, "), Piece("pages", f"pages {work.pages}.")]
    return [*pieces[:-1], Piece("container", f"In {work.container}.")]


def web_page(page: TitledWork, index: int) -> list[Piece]:
    """APA-like web entry: "Author, A. (2022, May 15). Title. Retrieved from: URL. Accessed 15.5.2022."."""
    authors = _name_list(page.names, lambda f, g: f"{f}, {_initials(g, dots=True)}".strip(" ,"), ", & ")
    day, month = index % 28 + 1, _MONTHS[index % len(_MONTHS)]
    slug = re.sub(r"[^a-z0-9]+", "-", page.title.lower()).strip("-")[:40]
    retrieved = ("Retrieved from: ", "Retrieved from ", "Available at: ")[index % 3]
    pieces = [Piece("author", authors + " "), Piece("date", f"({page.year}, {month} {day}). "),
              Piece("title", page.title + ". "), Piece("note", retrieved),
              Piece("identifier", f"https://www.example.org/{slug}")]
    if index % 2:
        pieces[-1] = Piece("identifier", pieces[-1].text + ". ")
        pieces.append(Piece("note", f"Accessed {day}.{index % 12 + 1}.{page.year}."))
    return pieces


def restyled(articles: list[JournalArticle], works: list[TitledWork]) -> Iterator[tuple[Piece, ...]]:
    """Each article in two house styles (styles i and i+2, cycling); every third work as a web page, every second
    work with a container as an ACL proceedings paper."""
    for index, article in enumerate(articles):
        for style in (STYLES[index % len(STYLES)], STYLES[(index + 2) % len(STYLES)]):
            yield tuple(style(article))
    for index, work in enumerate(works[::3]):
        yield tuple(web_page(work, index))
    for work in [w for w in works if w.container][::2]:
        yield tuple(acl_proceedings(work))
