"""Tagged reference strings (corpus-dev/refstrings, training-data/), read into one shape for scoring and for training.

Three gold formats, each turned into ``GoldReference`` (the plain string, its tagged pieces and the four scored
fields):

- ``anystyle-*.xml``: ``<sequence>`` of field elements (author, date, title, journal / container-title, ...);
- ``parscit-cora.tagged.txt``: one reference per line, ``<author> ... </author>`` tags;
- ``grobid-citation/*.xml``: TEI (or bare ``<citations>``) ``<bibl>`` with ``author``, ``date``,
  ``title level="a|m|j"``, ``biblScope``.

Every source's tags are mapped to the field labels of :mod:`pipeline.cite.fieldtagger` (journal, container-title and
booktitle are all "container"; untagged text is "other").
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.cite.authors import split_author_text
from pipeline.cite.fieldtagger import Piece, labelled_tokens
from pipeline.cite.fieldtagger.augment import JournalArticle, TitledWork, restyled
from pipeline.cite.fieldtagger.tagger import TRAINING_PARAMS, Example, train
from pipeline.cite.refdates import BARE_YEAR
from pipeline.cite.rules import clean, tidy
from pipeline.cite.tagged_fields import tagger_hints
from pipeline.errors import InputError
from pipeline.fileio import atomic_write_text, sha256_bytes, sha256_text
from pipeline.names import fold

TEI = "{http://www.tei-c.org/ns/1.0}"

# Source tag -> field label. Anything not listed is "other".
_LABELS = {
    "author": "author", "editor": "editor", "translator": "editor", "director": "author", "producer": "editor",
    "date": "date", "title": "title", "journal": "container", "container-title": "container",
    "booktitle": "container", "collection-title": "collection", "volume": "volume", "pages": "pages",
    "publisher": "publisher", "institution": "publisher", "location": "location", "pubPlace": "location",
    "url": "identifier", "doi": "identifier", "isbn": "identifier", "idno": "identifier", "ptr": "identifier",
    "citation-number": "number", "edition": "note", "genre": "note", "note": "note", "tech": "note",
    "medium": "note", "source": "note", "orgName": "author",
}


@dataclass(frozen=True)
class GoldReference:
    source: str
    text: str
    author_text: str | None
    date_text: str | None
    title: str | None
    container: str | None
    pieces: tuple[Piece, ...] = ()

    def tokens(self) -> list[tuple[str, str]]:
        """(token, label) for every whitespace token of ``text``."""
        return labelled_tokens(self.pieces)


def read_gold(directory: Path) -> Iterator[GoldReference]:
    """Every tagged string of the three sources present in ``directory`` (at least one must be)."""
    anystyle, parscit = sorted(directory.glob("anystyle-*.xml")), directory / "parscit-cora.tagged.txt"
    grobid = sorted((directory / "grobid-citation").glob("*.xml"))
    if not (anystyle or parscit.is_file() or grobid):
        raise InputError(str(directory), "no tagged reference strings (anystyle-*.xml, parscit-cora.tagged.txt or "
                                    "grobid-citation/*.xml)")
    for path in anystyle:
        yield from read_anystyle(path)
    if parscit.is_file():
        yield from read_parscit(parscit)
    for path in grobid:
        yield from read_grobid(path)


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v and v.strip()), None)


def _tagged(source: str, parts: list[tuple[str, str]], containers: set[str]) -> GoldReference:
    """A reference whose pieces are whole tagged spans (AnyStyle, ParsCit), joined by single spaces."""
    return GoldReference(
        source, " ".join(text for _, text in parts),
        _first(t for tag, t in parts if tag == "author"),
        _first(t for tag, t in parts if tag == "date" and BARE_YEAR.search(t)),
        _first(t for tag, t in parts if tag == "title"),
        _first(t for tag, t in parts if tag in containers),
        tuple(Piece(_LABELS.get(tag, "other"), text + " ") for tag, text in parts),
    )


def read_anystyle(path: Path) -> Iterator[GoldReference]:
    for sequence in ET.parse(path).getroot().iter("sequence"):
        parts = [(child.tag, " ".join((child.text or "").split())) for child in sequence]
        yield _tagged("anystyle", parts, {"journal", "container-title"})


_PARSCIT_FIELD = re.compile(r"<(?P<tag>[a-z]+)>(?P<text>.*?)</(?P=tag)>")


def read_parscit(path: Path) -> Iterator[GoldReference]:
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = [(m.group("tag"), " ".join(m.group("text").split())) for m in _PARSCIT_FIELD.finditer(line)]
        if parts:
            yield _tagged("parscit", parts, {"journal", "booktitle"})


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def read_grobid(path: Path) -> Iterator[GoldReference]:
    root = ET.parse(path).getroot()
    for bibl in root.iter(f"{TEI}bibl") if root.tag.startswith(TEI) else root.iter("bibl"):
        ns = TEI if bibl.tag.startswith(TEI) else ""
        levels = {t.get("level") for t in bibl.findall(f"{ns}title")}
        titles = {t.get("level"): _text(t) for t in reversed(bibl.findall(f"{ns}title"))}
        authors = [_text(a) for a in bibl.findall(f"{ns}author")]
        title = titles.get("a") or (titles.get("m") if "j" not in titles else None)
        container = titles.get("j") or (titles.get("m") if "a" in titles else None)
        yield GoldReference(
            "grobid", _text(bibl), ", ".join(authors) or None,
            _first(_text(d) for d in bibl.findall(f"{ns}date") if BARE_YEAR.search(_text(d))), title, container,
            tuple(_grobid_pieces(bibl, ns, levels)),
        )


def _grobid_pieces(bibl: ET.Element, ns: str, levels: set[str | None]) -> Iterator[Piece]:
    """Mixed content in document order: each top-level element with its label, text between elements as "other"."""
    yield Piece("other", bibl.text or "")
    for child in bibl:
        yield Piece(_grobid_label(child, ns, levels), "".join(child.itertext()))
        yield Piece("other", child.tail or "")


def _grobid_label(element: ET.Element, ns: str, levels: set[str | None]) -> str:
    tag = element.tag.removeprefix(ns)
    if tag == "biblScope":
        unit = element.get("unit") or element.get("type") or ""
        return "pages" if unit in {"page", "pp"} else "volume"
    if tag != "title":
        return _LABELS.get(tag, "other")
    level = element.get("level")
    if level == "a" or (level == "m" and not levels & {"a", "j"}):
        return "title"
    if level == "j" or (level == "m" and "j" not in levels):
        return "container"
    return "collection"


def training_examples(gold: Iterable[GoldReference]) -> Iterator[Example]:
    """Field-tagger training examples: each gold string's tokens, their gold labels and the rules' hints; then the
    references among them written again in house styles (:mod:`pipeline.cite.fieldtagger.augment`)."""
    gold = list(gold)
    articles = [a for g in gold if (a := journal_article(g))]
    works = [w for g in gold if (w := titled_work(g))]
    pieces = [g.pieces for g in gold] + list(restyled(articles, works))
    for reference_pieces in pieces:
        tokens = labelled_tokens(as_cleaned(reference_pieces))
        text = " ".join(token for token, _ in tokens)
        yield Example([t for t, _ in tokens], [label for _, label in tokens], tagger_hints(text))


def as_cleaned(pieces: Sequence[Piece]) -> tuple[Piece, ...]:
    """The pieces of a string as the parser tags it, after :func:`~pipeline.cite.rules.clean` ("TaP .Nat .Phys ." is
    read as "TaP. Nat. Phys."): each character that clean keeps takes the label of the piece it came from."""
    raw = [(char, piece.label) for piece in pieces for char in piece.text]
    text = clean("".join(char for char, _ in raw))
    labelled: list[Piece] = []
    at, label = 0, pieces[0].label if pieces else "other"
    for char in text:
        if not char.isspace():
            while at < len(raw) and raw[at][0] != char:
                at += 1
            label = raw[at][1] if at < len(raw) else label
            at += 1
        if labelled and labelled[-1].label == label:
            labelled[-1] = Piece(label, labelled[-1].text + char)
        else:
            labelled.append(Piece(label, char))
    return tuple(labelled)


_NUMBER = re.compile(r"\d+")
_ISSUE = re.compile(r"\((?P<issue>\w+)\)")
_PAGE_RANGE = re.compile(r"[A-Za-z]?\d+(?:\s*[-–]+\s*[A-Za-z]?\d+)?")


def titled_work(gold: GoldReference) -> TitledWork | None:
    """Authors, year and title of the reference (and its container and pages), when those three are tagged."""
    year = BARE_YEAR.search(gold.date_text or "")
    names = split_author_text(gold.author_text)[0] if gold.author_text else ()
    title = tidy(gold.title)
    if not (names and year and title):
        return None
    container = tidy(re.sub(r"^[Ii]n:?\s+", "", gold.container or "")) or None
    pages = _PAGE_RANGE.search(next((p.text for p in gold.pieces if p.label == "pages"), ""))
    return TitledWork(tuple((a.family, a.given or "") for a in names), year.group("year"), title, container,
                      re.sub(r"\s*[-–]+\s*", "–", pages.group(0)) if pages else None)


def journal_article(gold: GoldReference) -> JournalArticle | None:
    """The reference as a journal article when authors, year, title, journal, volume and pages are all tagged."""
    work = titled_work(gold)
    number = _NUMBER.search(next((p.text for p in gold.pieces if p.label == "volume"), ""))
    if not (work and work.container and work.pages and number):
        return None
    issue = _ISSUE.search(next(p.text for p in gold.pieces if p.label == "volume"))
    return JournalArticle(work.names, work.year, work.title, work.container, number.group(0),
                          issue.group("issue") if issue else None, work.pages)


def fingerprint(gold: Iterable[GoldReference]) -> str:
    """Identifies a training set: the SHA-256 of its strings and their labels."""
    lines = (f"{g.source}\t" + " ".join(f"{token}/{label}" for token, label in g.tokens()) for g in gold)
    return sha256_text("\n".join(lines))


def model_card_path(model: Path) -> Path:
    return model.with_suffix(".json")


def not_in(extra: Iterable[GoldReference], gold: Iterable[GoldReference]) -> list[GoldReference]:
    """The strings of ``extra`` that are not also in ``gold`` (compared by their letters and digits, folded), so
    that extra training data never holds a string it is scored on; a string ``extra`` repeats (AnyStyle's datasets
    share some) is kept once, so that no reference weighs twice in training."""
    seen = {string_key(g.text) for g in gold}
    kept = []
    for reference in extra:
        key = string_key(reference.text)
        if key not in seen:
            seen.add(key)
            kept.append(reference)
    return kept


def string_key(text: str) -> str:
    """Letters and digits only, without a leading list number ("[67] Reynolds ..." = "[120] Reynolds ...")."""
    return re.sub(r"[\W_]+", "", fold(re.sub(r"^\s*[\[(]?\d{1,4}[\])]?\.?\s+", "", text)))


def train_on(directory: Path, model: Path, also: Path | None = None, head: Path | None = None,
             progress: Callable[[str], None] | None = None) -> int:
    """Train the field tagger on every tagged string in ``directory`` (and in ``also``, a folder of further tagged
    strings); write the model and, beside it, a card naming the training set (so that scoring on that same set can
    say it measures training accuracy). With ``head``, train the second-opinion head on the same examples and write
    it there. Returns the number of strings trained on."""
    if head is not None:  # before anything is written: a CRF without its head would not match the card
        from pipeline.cite.fieldtagger.head_examples import head_training_vectors

        vectors = head_training_vectors()
    gold, extra = training_strings(directory, also)
    examples = list(training_examples(gold + extra))
    digest = train(examples, model)
    card = {"trained_on": {"strings": len(gold), "sha256": fingerprint(gold)}, "params": TRAINING_PARAMS,
            "training_input_sha256": digest}
    if extra:
        card["also"] = {"strings": len(extra), "sha256": fingerprint(extra)}
    if head is not None:
        from pipeline.cite.fieldtagger import ENCODER_REQUIREMENT
        from pipeline.cite.fieldtagger.head_examples import train_head_on

        train_head_on(examples, head, vectors, progress)
        card["second_opinion"] = {"head": head.name, "head_sha256": sha256_bytes(head.read_bytes()),
                                  "encoder": ENCODER_REQUIREMENT}
    atomic_write_text(model_card_path(model), json.dumps(card, indent=2, sort_keys=True) + "\n")
    return len(gold) + len(extra)


def training_strings(directory: Path, also: Path | None = None) -> tuple[list[GoldReference], list[GoldReference]]:
    """The tagged strings of ``directory``, and those of ``also`` that are not among them."""
    gold = list(read_gold(directory))
    return gold, not_in(read_gold(also), gold) if also else []


def trained_on(directory: Path, model: Path) -> bool:
    """Was ``model`` trained on exactly the strings of ``directory``?"""
    card_path = model_card_path(model)
    if not card_path.exists():
        return False
    card = json.loads(card_path.read_text(encoding="utf-8"))
    return card.get("trained_on", {}).get("sha256") == fingerprint(read_gold(directory))
