"""The shared document model: frozen dataclasses that every stage reads and writes.

Offsets (``start``/``end``) always index ``Document.text``, the extracted, NFC-normalised text.
Data flows one way: extract -> cite -> annotate -> graph -> check -> report.
(cite runs before annotate so that citation spans can be masked from NER.)
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Segment:
    """``text[start:end]`` came from one source line (page, line and column are 1-based)."""

    start: int
    end: int
    page: int
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Location:
    page: int
    line: int
    column: int


class SectionKind(StrEnum):
    TITLE = "title"
    FRONT = "front"  # authors, affiliations, funding notes
    ABSTRACT = "abstract"
    KEYWORDS = "keywords"
    BODY = "body"
    FOOTNOTES = "footnotes"
    REFERENCES = "references"


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    kind: SectionKind
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of running text (or a heading) inside one section."""

    id: str
    section: str
    start: int
    end: int
    heading: bool = False


@dataclass(frozen=True, slots=True)
class Sentence:
    id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote moved out of the running text; ``anchor`` is where the body refers to it."""

    id: str
    marker: str
    start: int
    end: int
    anchor: int | None


@dataclass(frozen=True, slots=True)
class ReferenceEntry:
    """One entry of the reference list as written (parsing happens in the cite stage)."""

    id: str
    start: int
    end: int
    label: str | None = None  # "12" for numbered lists


@dataclass(frozen=True)
class Document:
    id: str
    source: str
    source_sha256: str
    text: str
    text_sha256: str
    page_count: int
    sections: tuple[Section, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    reference_entries: tuple[ReferenceEntry, ...] = ()
    segments: tuple[Segment, ...] = ()
    warnings: tuple[str, ...] = ()
    _segment_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_segment_starts", tuple(s.start for s in self.segments))

    def locate(self, offset: int) -> Location:
        """Page, line and column in the source of the character at ``offset``."""
        i = bisect.bisect_right(self._segment_starts, offset) - 1
        if i < 0:
            return Location(1, 1, 1)
        seg = self.segments[i]
        return Location(seg.page, seg.line, seg.column + max(0, offset - seg.start))

    def section_of(self, offset: int) -> Section | None:
        for section in self.sections:
            if section.start <= offset < section.end:
                return section
        return None

    def sections_of_kind(self, kind: SectionKind) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind == kind)

    def sentence_at(self, offset: int) -> Sentence | None:
        starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None


# --- cite stage -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartialDate:
    year: int | None = None
    month: int | None = None
    day: int | None = None


@dataclass(frozen=True, slots=True)
class Author:
    family: str
    given: str | None = None
    key: str = ""  # folded family name: Đurić -> duric


@dataclass(frozen=True)
class Reference:
    """A parsed reference-list entry. ``raw`` is kept verbatim; unparsed entries are never dropped."""

    id: str
    start: int
    end: int
    raw: str
    authors: tuple[Author, ...] = ()
    organisation: str | None = None
    year: int | None = None
    year_suffix: str | None = None
    month: int | None = None
    day: int | None = None
    more_dates: tuple[PartialDate, ...] = ()
    title: str | None = None
    container: str | None = None
    editors: tuple[Author, ...] = ()
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    place: str | None = None
    url: str | None = None
    doi: str | None = None
    accessed: str | None = None  # ISO 8601 date
    label: str | None = None
    kind: str | None = None  # article | book | chapter | web | report | other
    parsed: bool = True
    problems: tuple[str, ...] = ()


class LinkStatus(StrEnum):
    LINKED = "linked"
    MISSING = "missing"
    AMBIGUOUS = "ambiguous"
    IBID = "ibid"


@dataclass(frozen=True, slots=True)
class CitationItem:
    """One cited work inside a citation group, e.g. ``Lobanov, 2019, pp. 221-222``."""

    start: int
    end: int
    text: str
    kind: str  # author-date | numeric | ibid
    authors: tuple[str, ...] = ()
    year: int | None = None
    year_suffix: str | None = None
    month: int | None = None
    day: int | None = None
    number: int | None = None
    locator: str | None = None
    reference: str | None = None
    candidates: tuple[str, ...] = ()  # ambiguous choices, or "did you mean" for missing
    status: LinkStatus = LinkStatus.MISSING


@dataclass(frozen=True)
class Citation:
    id: str
    start: int
    end: int
    text: str
    claim_start: int
    claim_end: int
    narrative: bool
    items: tuple[CitationItem, ...]


# --- annotate stage ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    start: int
    end: int
    label: str
    text: str
    cluster: str


@dataclass(frozen=True)
class Cluster:
    id: str
    name: str
    label: str
    forms: tuple[str, ...]
    expansions: tuple[str, ...] = ()  # acronym <-> long form
    variants: tuple[str, ...] = ()  # near-miss spellings, reported by the check stage
    aliases: tuple[str, ...] = ()  # configured aliases ("Russian Federation" ~ "Russia")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in the body; ``value`` is ISO 8601 (``1992-05-15``, ``2006-11``, ``2006/2012``)."""

    id: str
    start: int
    end: int
    text: str
    value: str
    granularity: str  # day | month | year
    inferred: str | None = None  # how a missing year was filled in


@dataclass(frozen=True)
class Annotation:
    """Everything known about one document: what the annotation file stores."""

    document: Document
    references: tuple[Reference, ...] = ()
    citations: tuple[Citation, ...] = ()
    entities: tuple[Entity, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    dates: tuple[DateMention, ...] = ()


# --- check stage ------------------------------------------------------------------------------


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    code: str
    rule: str
    severity: Severity
    message: str
    document: str
    start: int
    end: int
    page: int
    line: int
    column: int
    snippet: str
    suggestion: str | None = None
    references: tuple[str, ...] = ()
