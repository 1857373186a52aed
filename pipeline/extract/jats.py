"""Extracting JATS/NLM XML articles (publisher full text, e.g. eLife, PLOS, PMC ``.nxml``).

The article is laid out as a reader sees it: title, authors and affiliations, abstract(s), keywords, body
sections and paragraphs (figure and table captions, table rows as ``cell | cell`` lines, list items), back matter,
footnotes and the reference list with one printed entry per ``<ref>`` (see ``jats_refs``). Inline citations are
rendered with their printed text; ``sub-article`` (eLife decision letters, author responses) is left out.

Source positions: the XML is parsed with expat so every block keeps the line and column of the element it came
from (``page`` is always 1). The parser refuses entity declarations (no entity-expansion bombs) and never
fetches external DTDs; HTML named entities that a missing DTD would have defined (``&nbsp;``) are resolved.
"""

from __future__ import annotations

import html.entities
import re
import xml.etree.ElementTree as ET
import xml.parsers.expat
from collections.abc import Iterator
from dataclasses import dataclass, field

from pipeline.errors import InputError
from pipeline.extract.assemble import Block
from pipeline.extract.jats_refs import CITATION_TAGS, RefStyle, render_citation, render_reference, text_of
from pipeline.extract.textbuild import normalise_line
from pipeline.model import SectionKind

GLYPHS = frozenset("▶►▸")  # IUCr journals print an arrow as the link; the citation is the text before it
_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SKIPPED_INLINE = frozenset(
    {"graphic", "inline-graphic", "tex-math", "object-id", "alt-text", "long-desc", "permissions"}
)
# Elements that are their own blocks even when nested in a paragraph.
_BLOCK_TAGS = frozenset(
    {
        "p", "sec", "fig", "fig-group", "table-wrap", "table-wrap-group", "list", "boxed-text", "disp-quote",
        "supplementary-material", "def-list", "statement", "disp-formula", "disp-formula-group", "preformat",
        "code", "speech", "verse-group", "ref-list", "fn-group", "glossary", "app", "app-group", "table",
        "table-wrap-foot", "caption", "notes", "ack", "fn", "media", *CITATION_TAGS,
    }
)  # fmt: skip
_CONTAINERS = frozenset(
    {"sec", "ack", "app", "app-group", "notes", "fn-group", "glossary", "list", "def-list", "table-wrap-foot"}
)
_NOT_RENDERED = frozenset({"disp-formula", "disp-formula-group", "graphic", "alternatives", "object-id"})
_FLOATS = frozenset(
    {"fig", "table-wrap", "supplementary-material", "media", "boxed-text", "fig-group", "table-wrap-group"}
)
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class XrefSpan:
    """An ``<xref>`` rendered at ``text[start:end]`` of its block (empty span for an arrow-glyph xref)."""

    start: int
    end: int
    ref_type: str
    rids: tuple[str, ...]
    glyph: bool = False  # an arrow-glyph link (not printed); an empty span without it is an empty xref


@dataclass
class JatsBlock:
    kind: SectionKind
    text: str
    line: int
    column: int
    heading: bool = False
    marker: str | None = None
    label: str | None = None
    xrefs: list[XrefSpan] = field(default_factory=list)

    def to_block(self) -> Block:
        return Block(self.kind, [(self.text, 1, self.line, self.column)], self.heading, self.marker, self.label)


@dataclass
class JatsArticle:
    """The rendered article: blocks in reading order and the reference ids in reference-list order."""

    blocks: list[JatsBlock]
    reference_ids: list[str]
    style: RefStyle
    warnings: list[str]


# --- parsing ---------------------------------------------------------------------------------------------------


@dataclass
class ParsedXml:
    root: ET.Element
    positions: dict[ET.Element, tuple[int, int]]  # element -> (line, column), 1-based

    def position(self, element: ET.Element) -> tuple[int, int]:
        return self.positions.get(element, (1, 1))


def parse_xml(data: bytes, path: str) -> ParsedXml:
    """Parse safely, keeping each element's source line and column. Bad XML -> ``InputError``."""
    builder = ET.TreeBuilder()
    positions: dict[ET.Element, tuple[int, int]] = {}
    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")

    def start(tag: str, attrs: dict[str, str]) -> None:
        element = builder.start(_clark(tag), {_clark(k): v for k, v in attrs.items()})
        positions[element] = (parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    def refuse_entity(name: str, *_: object) -> None:
        raise InputError(path, f"the XML declares the entity {name!r}; entity declarations are not accepted")

    def skipped_entity(name: str, is_parameter: bool) -> None:
        value = html.entities.html5.get(f"{name};")
        if value and not is_parameter:
            builder.data(value)

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(_clark(tag))
    parser.CharacterDataHandler = builder.data
    parser.EntityDeclHandler = refuse_entity
    parser.SkippedEntityHandler = skipped_entity
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as error:
        message = xml.parsers.expat.ErrorString(error.code)
        raise InputError(
            path, f"not well-formed XML: {message} at line {error.lineno}, column {error.offset + 1}"
        ) from error
    return ParsedXml(builder.close(), positions)


def _clark(name: str) -> str:
    """expat's ``uri}local`` -> ElementTree's ``{uri}local``."""
    return "{" + name if "}" in name else name


# --- inline text ------------------------------------------------------------------------------------------------


class _Inline:
    """Renders mixed content to one normalised line, recording where each ``<xref>`` lands."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts: list[int] = []  # offset of each part
        self.length = 0
        self.pending_space = False
        self.xrefs: list[XrefSpan] = []

    def write(self, text: str) -> None:
        if not text:
            return
        spaced = _WHITESPACE.sub(" ", text)
        core = normalise_line(spaced)
        if not core:
            self.pending_space = self.pending_space or spaced.startswith(" ") or spaced.endswith(" ")
            return
        if (self.pending_space or spaced.startswith(" ")) and self.length:
            self._append(" ")
        self._append(core)
        self.pending_space = spaced.endswith(" ")

    def _append(self, text: str) -> None:
        self.starts.append(self.length)
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)

    def element(self, element: ET.Element) -> None:
        """Write ``element`` and its children (not its tail), skipping nested blocks."""
        tag = element.tag
        if tag in _SKIPPED_INLINE or tag in _BLOCK_TAGS or tag == "sub-article":
            return
        if tag == "xref":
            self.xref(element)
            return
        if tag in ("break", "label"):
            self.children(element)
            self.pending_space = True
            return
        self.children(element)

    def children(self, element: ET.Element) -> None:
        self.write(element.text or "")
        for child in element:
            self.element(child)
            self.write(child.tail or "")

    def xref(self, element: ET.Element) -> None:
        ref_type = element.get("ref-type", "")
        rids = tuple(element.get("rid", "").split())
        printed = text_of(element)
        if printed and set(printed) <= GLYPHS:
            self.xrefs.append(XrefSpan(self.length, self.length, ref_type, rids, glyph=True))
            return
        if ref_type in ("fn", "table-fn") and printed.isdigit():
            self.write(printed.translate(_SUPERSCRIPT_DIGITS))  # printed as a superscript footnote call
            self.xrefs.append(XrefSpan(self.length - len(printed), self.length, ref_type, rids))
            return
        first_part = len(self.parts)
        self.children(element)
        # the span starts at the xref's first printed character, not at a space written before it
        start = next((self.starts[i] for i in range(first_part, len(self.parts)) if self.parts[i] != " "), self.length)
        self.xrefs.append(XrefSpan(start, self.length, ref_type, rids))


def inline_text(element: ET.Element) -> tuple[str, list[XrefSpan]]:
    writer = _Inline()
    writer.children(element)
    return writer.text(), writer.xrefs


# --- blocks ----------------------------------------------------------------------------------------------------


class _Walker:
    """Turns the article tree into blocks in reading order."""

    def __init__(self, parsed: ParsedXml, style: RefStyle) -> None:
        self.parsed = parsed
        self.style = style
        self.blocks: list[JatsBlock] = []
        self.reference_ids: list[str] = []

    def add(
        self,
        kind: SectionKind,
        element: ET.Element,
        text: str,
        xrefs: list[XrefSpan] | None = None,
        *,
        heading: bool = False,
        marker: str | None = None,
    ) -> None:
        if text.strip():
            line, column = self.parsed.position(element)
            self.blocks.append(JatsBlock(kind, text, line, column, heading, marker, xrefs=xrefs or []))

    def paragraph(self, kind: SectionKind, element: ET.Element, *, heading: bool = False) -> None:
        text, xrefs = inline_text(element)
        self.add(kind, element, text, xrefs, heading=heading)
        for child in _nested_blocks(element):
            self.walk(child, kind)

    def heading(self, kind: SectionKind, container: ET.Element, default: str = "") -> None:
        title = container.find("title")
        label = container.find("label")
        pieces = [text_of(e) for e in (label, title) if e is not None]
        if title is not None:
            text, xrefs = _joined(label, title)
            self.add(kind, title, text, xrefs, heading=True)
        elif default and not any(pieces):
            self.add(kind, container, default, heading=True)

    def walk(self, element: ET.Element, kind: SectionKind) -> None:
        """Any block-level element."""
        tag = element.tag
        if tag in ("sub-article", "title", "label") or tag in _NOT_RENDERED:
            return
        if tag == "p":
            self.paragraph(kind, element)
        elif tag in _FLOATS:
            self.float(element, kind)
        elif tag == "table":
            self.table(element, kind)
        elif tag == "fn":
            self.footnote(element, kind)
        elif tag == "ref-list":
            self.reference_list(element, top=not self.reference_ids)
        elif tag in CITATION_TAGS:
            self.add(kind, element, render_citation(element, self.style))
        elif tag in ("def-item", "list-item") and not any(c.tag == "p" for c in element):
            self.paragraph(kind, element)
        elif _has_block_children(element) or tag in _CONTAINERS:
            self.heading(kind, element, "Acknowledgements" if tag == "ack" else "")
            for child in element:
                self.walk(child, kind)
        else:
            self.paragraph(kind, element)

    def float(self, element: ET.Element, kind: SectionKind) -> None:
        """Figures, tables, boxes: label + caption title, caption paragraphs, then the content."""
        caption = element.find("caption")
        label = element.find("label")
        title = caption.find("title") if caption is not None else None
        if label is not None or title is not None:
            text, xrefs = _joined(label, title)
            self.add(kind, label if label is not None else element, text, xrefs)
        if caption is not None:
            for child in caption:
                if child.tag != "title":
                    self.walk(child, kind)
        for child in element:
            if child.tag not in ("caption", "label"):
                self.walk(child, kind)

    def table(self, table: ET.Element, kind: SectionKind) -> None:
        """One block per row, cells joined by `` | `` (citations in table cells are real callouts)."""
        for row in table.iter("tr"):
            writer = _Inline()
            for index, cell in enumerate(c for c in row if c.tag in ("td", "th")):
                if index:
                    writer.write(" | ")
                writer.children(cell)
            self.add(kind, row, writer.text(), writer.xrefs)

    def footnote(self, fn: ET.Element, kind: SectionKind) -> None:
        """A labelled note is a footnote; an unlabelled one (author contributions, conflicts) is a paragraph."""
        label = fn.find("label")
        marker = text_of(label).rstrip(".") if label is not None else ""
        if not marker:
            for child in fn:
                self.walk(child, kind)
            return
        writer = _Inline()
        for child in fn:
            if child.tag == "p":
                writer.children(child)
            elif child.tag != "label":
                writer.element(child)
            writer.pending_space = True
        marker = marker.translate(_SUPERSCRIPT_DIGITS) if marker.isdigit() else marker
        self.add(SectionKind.FOOTNOTES, fn, writer.text(), writer.xrefs, marker=marker)

    def reference_list(self, ref_list: ET.Element, *, top: bool) -> None:
        if top:
            self.heading(SectionKind.REFERENCES, ref_list)
            if ref_list.find("title") is None:
                self.add(SectionKind.REFERENCES, ref_list, "References", heading=True)
        elif ref_list.find("title") is not None:
            self.heading(SectionKind.REFERENCES, ref_list)
        for child in ref_list:
            if child.tag == "ref":
                self.reference(child)
            elif child.tag == "ref-list":
                self.reference_list(child, top=False)

    def reference(self, ref: ET.Element) -> None:
        label_element = ref.find("label")
        label = text_of(label_element).strip("[]().") if label_element is not None else ""
        text = render_reference(ref, self.style) or ref.get("id", "reference")
        line, column = self.parsed.position(ref)
        self.blocks.append(JatsBlock(SectionKind.REFERENCES, text, line, column, label=label or None))
        self.reference_ids.append(ref.get("id", ""))


def _joined(*elements: ET.Element | None) -> tuple[str, list[XrefSpan]]:
    """Label and title as one line: ``"Figure 1. Title"``."""
    writer = _Inline()
    for element in elements:
        if element is not None:
            writer.children(element)
            writer.pending_space = True
    return writer.text(), writer.xrefs


def _has_block_children(element: ET.Element) -> bool:
    return any(child.tag in _BLOCK_TAGS for child in element)


def _nested_blocks(element: ET.Element) -> Iterator[ET.Element]:
    """Block elements inside a paragraph, in document order (not descending into those blocks)."""
    for child in element:
        if child.tag in _BLOCK_TAGS:
            yield child
        elif child.tag not in ("xref", *_SKIPPED_INLINE):
            yield from _nested_blocks(child)


# --- front matter ----------------------------------------------------------------------------------------------


def _front(walker: _Walker, meta: ET.Element) -> None:
    title = meta.find("title-group/article-title")
    if title is not None:
        walker.paragraph(SectionKind.TITLE, title, heading=True)
    for group in meta.iter("contrib-group"):
        authors = [c for c in group.findall("contrib") if c.get("contrib-type", "author") == "author"]
        if authors:
            walker.add(SectionKind.FRONT, group, ", ".join(filter(None, map(_contributor, authors))))
    for aff in _affiliations(meta):
        walker.paragraph(SectionKind.FRONT, aff)
    notes = meta.find("author-notes")
    if notes is not None:
        for child in notes:
            walker.walk(child, SectionKind.FRONT)
    for abstract in meta.findall("abstract"):
        walker.heading(SectionKind.ABSTRACT, abstract, "Abstract")
        for child in abstract:
            walker.walk(child, SectionKind.ABSTRACT)
    for group in meta.findall("kwd-group"):
        title = group.find("title")
        keywords = ", ".join(text_of(k) for k in group.findall("kwd"))
        heading = text_of(title) if title is not None else "Keywords"
        walker.add(SectionKind.KEYWORDS, group, f"{heading}: {keywords}")


def _affiliations(meta: ET.Element) -> list[ET.Element]:
    seen: list[ET.Element] = []
    for aff in meta.iter("aff"):
        if aff not in seen:
            seen.append(aff)
    return seen


def _contributor(contrib: ET.Element) -> str:
    """``"Chen Cao†"``: the name as printed, then the notes it calls."""
    name = contrib.find("name")
    if name is not None:
        given, surname = name.find("given-names"), name.find("surname")
        printed = " ".join(text_of(e) for e in (given, surname) if e is not None)
    else:
        others = [e for e in contrib if e.tag in ("collab", "string-name")]
        printed = text_of(others[0]) if others else ""
    # note calls (*, †) stay; affiliation numbers would be taken for footnote calls
    calls = [text_of(x) for x in contrib.findall("xref") if x.get("ref-type") != "aff" and text_of(x)]
    return printed + ",".join(calls) if printed else ""


# --- style and entry point -------------------------------------------------------------------------------------


def detect_style(root: ET.Element) -> RefStyle:
    """eLife house style, numbered (most callouts are numbers) or author-year."""
    journal_ids = [text_of(e).lower() for e in root.iterfind("front/journal-meta/journal-id")]
    if "elife" in journal_ids:
        return RefStyle.ELIFE
    callouts = [text_of(x).strip("[]()") for x in bibliography_xrefs(root)]
    numeric = sum(1 for c in callouts if c.replace("–", "").replace("-", "").isdigit())
    return RefStyle.NUMBERED if callouts and numeric * 2 >= len(callouts) else RefStyle.AUTHOR_YEAR


def bibliography_xrefs(root: ET.Element) -> list[ET.Element]:
    """Every ``xref[@ref-type="bibr"]`` outside ``sub-article``, in document order."""
    found: list[ET.Element] = []

    def visit(element: ET.Element) -> None:
        for child in element:
            if child.tag == "sub-article":
                continue
            if child.tag == "xref" and child.get("ref-type") == "bibr":
                found.append(child)
            visit(child)

    visit(root)
    return found


def render_article(data: bytes, path: str) -> JatsArticle:
    """Parse and lay out one JATS article."""
    parsed = parse_xml(data, path)
    root = parsed.root
    if root.tag not in ("article", "pmc-articleset"):
        raise InputError(path, f"this XML is not a JATS article (root element <{root.tag}>)", "export JATS XML")
    if root.tag == "pmc-articleset":
        article = root.find("article")
        if article is None:
            raise InputError(path, "the PMC article set holds no <article>")
        root = article
    style = detect_style(root)
    walker = _Walker(parsed, style)
    meta = root.find("front/article-meta")
    if meta is not None:
        _front(walker, meta)
    for part in ("body", "back", "floats-group"):
        element = root.find(part)
        if element is not None:
            for child in element:
                walker.walk(child, SectionKind.BODY)
    warnings = [] if walker.reference_ids else ["no reference list (<ref-list>) in this article"]
    return JatsArticle(walker.blocks, walker.reference_ids, style, warnings)


def jats_blocks(data: bytes, path: str) -> tuple[list[Block], int, list[str]]:
    """Blocks of a JATS article for ``assemble``; the page count is 1 (XML has no pages)."""
    article = render_article(data, path)
    return [block.to_block() for block in article.blocks], 1, article.warnings
