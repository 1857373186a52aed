"""Score the reference-string parser against tagged gold (corpus-dev/refstrings).

Three gold formats, each turned into ``GoldReference`` (the plain string and its tagged fields):

- ``anystyle-core.xml``: ``<sequence>`` of field elements (author, date, title, journal / container-title, ...);
- ``parscit-cora.tagged.txt``: one reference per line, ``<author> ... </author>`` tags;
- ``grobid-citation/*.tei.xml``: TEI ``<bibl>`` with ``author``, ``date``, ``title level="a|m|j"``, ``biblScope``.

A field is right when parser and gold agree: both empty, or both present and equal — authors as the set of folded
family names (a tagged span of dashes, "the same authors as before", expects no names), year exactly, title and
container by a fuzzy ratio of at least 0.9 after folding. Family names of the
gold are read from the tagged author span with the same name splitter the parser uses (the tag fixes where the list
starts and ends; the splitter only cuts it into names).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from pipeline.cite.authors import split_author_text
from pipeline.cite.refdates import BARE_YEAR
from pipeline.cite.references import clean, parse_reference, tidy
from pipeline.model import Reference
from pipeline.names import fold

FIELDS = ("authors", "year", "title", "container")
TEI = "{http://www.tei-c.org/ns/1.0}"
FUZZY_THRESHOLD = 90.0


@dataclass(frozen=True)
class GoldReference:
    source: str
    text: str
    author_text: str | None
    date_text: str | None
    title: str | None
    container: str | None


@dataclass(frozen=True)
class FieldScore:
    correct: int
    total: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class RefstringScores:
    """Per source (and "overall"), per field: how many strings the parser got right."""

    by_source: dict[str, dict[str, FieldScore]]
    misses: tuple[tuple[str, str, str], ...]  # (source, field, reference string) for inspection

    @property
    def overall(self) -> dict[str, FieldScore]:
        return self.by_source["overall"]


def score_refstrings(directory: Path) -> RefstringScores:
    """Parse every gold string in ``directory`` and count agreeing fields per source."""
    counts: dict[str, dict[str, list[int]]] = {}
    misses: list[tuple[str, str, str]] = []
    for gold in read_gold(directory):
        reference = parse_reference(gold.text, id="gold")
        for name in FIELDS:
            right = field_agrees(name, gold, reference)
            for source in (gold.source, "overall"):
                cell = counts.setdefault(source, {f: [0, 0] for f in FIELDS})[name]
                cell[0] += right
                cell[1] += 1
            if not right:
                misses.append((gold.source, name, gold.text))
    by_source = {source: {f: FieldScore(*cell) for f, cell in fields.items()} for source, fields in counts.items()}
    return RefstringScores(dict(sorted(by_source.items(), key=lambda kv: (kv[0] == "overall", kv[0]))),
                           tuple(misses))


def format_refstring_scores(scores: RefstringScores) -> str:
    """A plain-text table: one row per source, accuracy per field, the number of strings."""
    header = f"{'source':<12}" + "".join(f"{f:>11}" for f in FIELDS) + f"{'strings':>9}"
    lines = [header, "-" * len(header)]
    for source, fields in scores.by_source.items():
        cells = "".join(f"{fields[f].accuracy:>11.3f}" for f in FIELDS)
        lines.append(f"{source:<12}{cells}{fields['year'].total:>9}")
    return "\n".join(lines)


def read_gold(directory: Path) -> Iterator[GoldReference]:
    yield from read_anystyle(directory / "anystyle-core.xml")
    yield from read_parscit(directory / "parscit-cora.tagged.txt")
    for path in sorted((directory / "grobid-citation").glob("*.tei.xml")):
        yield from read_grobid(path)


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v and v.strip()), None)


def read_anystyle(path: Path) -> Iterator[GoldReference]:
    for sequence in ET.parse(path).getroot().iter("sequence"):
        parts = [(child.tag, " ".join((child.text or "").split())) for child in sequence]
        yield GoldReference(
            "anystyle", " ".join(text for _, text in parts),
            _first(t for tag, t in parts if tag == "author"),
            _first(t for tag, t in parts if tag == "date" and BARE_YEAR.search(t)),
            _first(t for tag, t in parts if tag == "title"),
            _first(t for tag, t in parts if tag in {"journal", "container-title"}),
        )


_PARSCIT_FIELD = re.compile(r"<(?P<tag>[a-z]+)>(?P<text>.*?)</(?P=tag)>")


def read_parscit(path: Path) -> Iterator[GoldReference]:
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = [(m.group("tag"), " ".join(m.group("text").split())) for m in _PARSCIT_FIELD.finditer(line)]
        if not parts:
            continue
        yield GoldReference(
            "parscit", " ".join(text for _, text in parts),
            _first(t for tag, t in parts if tag == "author"),
            _first(t for tag, t in parts if tag == "date" and BARE_YEAR.search(t)),
            _first(t for tag, t in parts if tag == "title"),
            _first(t for tag, t in parts if tag in {"journal", "booktitle"}),
        )


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def read_grobid(path: Path) -> Iterator[GoldReference]:
    root = ET.parse(path).getroot()
    for bibl in root.iter(f"{TEI}bibl") if root.tag.startswith(TEI) else root.iter("bibl"):
        ns = TEI if bibl.tag.startswith(TEI) else ""
        titles = {t.get("level"): _text(t) for t in reversed(bibl.findall(f"{ns}title"))}
        authors = [_text(a) for a in bibl.findall(f"{ns}author")]
        title = titles.get("a") or (titles.get("m") if "j" not in titles else None)
        container = titles.get("j") or (titles.get("m") if "a" in titles else None)
        yield GoldReference(
            "grobid", _text(bibl), ", ".join(authors) or None,
            _first(_text(d) for d in bibl.findall(f"{ns}date") if BARE_YEAR.search(_text(d))), title, container,
        )


def field_agrees(name: str, gold: GoldReference, reference: Reference) -> bool:
    if name == "authors":
        return expected_families(gold.author_text) == {fold(a.family) for a in reference.authors}
    if name == "year":
        match = BARE_YEAR.search(gold.date_text or "")
        return (int(match.group("year")) if match else None) == reference.year
    expected_text = gold.title if name == "title" else gold.container
    return texts_agree(expected_text, reference.title if name == "title" else reference.container)


def expected_families(author_text: str | None) -> set[str]:
    """Folded family names of the tagged author span. A span without letters ("———.", "--") stands for "the same
    authors as the previous entry": the string itself names nobody, so the parser is right to return no names."""
    if not author_text or not re.search(r"[^\W\d_]", author_text):
        return set()
    return {fold(a.family) for a in split_author_text(author_text)[0]}


def comparable(text: str | None) -> str:
    """Folded text without a leading "In" (containers are tagged with or without it)."""
    folded = fold(tidy(clean(text))) if text else ""
    return re.sub(r"^in\s+", "", folded)


def texts_agree(expected: str | None, found: str | None) -> bool:
    a, b = comparable(expected), comparable(found)
    if not a or not b:
        return not a and not b
    return fuzz.ratio(a, b) >= FUZZY_THRESHOLD
