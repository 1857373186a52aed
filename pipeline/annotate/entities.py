"""Entity mentions: spaCy NER over the running text with citations masked, then a dictionary pass.

``find_entities`` returns ``RawMention`` objects (no cluster yet); ``clusters.cluster_entities`` turns them into
``Entity`` and ``Cluster`` objects. Which text is read: every paragraph (headings, title, front matter, abstract,
keywords, body, footnotes) except those of the reference list.

Masking: each citation span is replaced, before NER, by a filler of the same length, "(....)", so offsets stay
aligned. On the seed this gives the same entities as blanking with spaces, but with clean ends: spaCy glues runs
of spaces (and whatever follows them) onto the preceding entity.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.annotate.acronyms import acronym_letters, find_abbreviations, is_acronym, name_initials
from pipeline.model import Citation, Document, Paragraph, SectionKind
from pipeline.names import fold

if TYPE_CHECKING:  # spaCy takes seconds to import: only the stage that runs the model loads it
    from spacy.language import Language

# Counts and amounts are not entities of the corpus (dates and times are kept; the dates stage normalises them).
NUMERIC_LABELS = frozenset({"CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
TEMPORAL_LABELS = frozenset({"DATE", "TIME"})
# Citation apparatus that NER sometimes tags (folded).
REFERENCE_WORDS = frozenset({"p", "pp", "ibid", "ibidem", "id", "op cit", "loc cit", "et al", "etc", "cf", "ed", "eds"})
MASK_OPEN, MASK_FILL, MASK_CLOSE = "(", ".", ")"
NER_BATCH_SIZE = 64

_LEADING_JUNK = re.compile(r"^(?:[\s\"'“‘,;:(\[*]+|(?:the|The|THE|an|An|a|A)\s+)+")
_TRAILING_JUNK = re.compile(r"(?:[\s\"'”’,;:(\[*]+|['’]s)+$")
_CAPITALISED_WORD = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ž][\w’'-]{2,}$")


@dataclass(frozen=True, slots=True)
class RawMention:
    """An entity mention before clustering; ``text == document.text[start:end]``."""

    start: int
    end: int
    label: str
    text: str


def find_entities(document: Document, citations: Sequence[Citation], *, nlp: Language) -> list[RawMention]:
    """Entity mentions of ``document`` in text order, none inside a citation or the reference list."""
    masked = mask_citations(document, citations)
    paragraphs = annotated_paragraphs(document)
    mentions = list(_ner_mentions(document, masked, paragraphs, nlp))
    mentions += _dictionary_mentions(masked, paragraphs, mentions)
    return sorted(mentions, key=lambda m: (m.start, m.end))


def annotated_paragraphs(document: Document) -> list[Paragraph]:
    """The paragraphs NER reads: all but those of the reference list."""
    references = {s.id for s in document.sections if s.kind == SectionKind.REFERENCES}
    return [p for p in document.paragraphs if p.section not in references]


def mask_citations(document: Document, citations: Sequence[Citation]) -> str:
    """``document.text`` with every citation span replaced by "(....)" of the same length."""
    chars = list(document.text)
    for citation in citations:
        length = citation.end - citation.start
        filler = MASK_OPEN + MASK_FILL * (length - 2) + MASK_CLOSE if length >= 2 else " " * length
        chars[citation.start : citation.end] = filler
    return "".join(chars)


def _ner_mentions(
    document: Document, masked: str, paragraphs: Sequence[Paragraph], nlp: Language
) -> Iterable[RawMention]:
    texts = (masked[p.start : p.end] for p in paragraphs)
    for paragraph, doc in zip(paragraphs, nlp.pipe(texts, batch_size=NER_BATCH_SIZE), strict=True):
        for ent in doc.ents:
            if ent.label_ in NUMERIC_LABELS:
                continue
            mention = _cleaned(document.text, masked, paragraph.start + ent.start_char, paragraph.start + ent.end_char,
                               ent.label_)
            if mention is not None:
                yield mention


def _cleaned(text: str, masked: str, start: int, end: int, label: str) -> RawMention | None:
    """Cut the span before any masked character; trim articles, quotes, punctuation, "'s". None if nothing is left."""
    # The filler's "(" may equal the citation's own "(": the trailing trim removes it.
    end = next((i for i in range(start, end) if masked[i] != text[i]), end)
    span = text[start:end]
    leading = _LEADING_JUNK.match(span)
    start += leading.end() if leading else 0
    trailing = _TRAILING_JUNK.search(text, start, end)
    end = trailing.start() if trailing else end
    surface = text[start:end]
    if surface.count("(") != surface.count(")"):
        return None
    if not surface or fold(surface) in REFERENCE_WORDS:
        return None
    if label not in TEMPORAL_LABELS and not any(c.isalpha() for c in surface):
        return None
    return RawMention(start=start, end=end, label=label, text=surface)


def _dictionary_mentions(
    masked: str, paragraphs: Sequence[Paragraph], mentions: Sequence[RawMention]
) -> list[RawMention]:
    """Occurrences NER missed of known acronyms (as ORG unless NER labelled them) and of persons' surnames."""
    forms = {**_surname_forms(mentions), **_acronym_forms(masked, paragraphs, mentions)}
    if not forms:
        return []
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    taken = sorted((m.start, m.end) for m in mentions)
    found: list[RawMention] = []
    for paragraph in paragraphs:
        for match in pattern.finditer(masked, paragraph.start, paragraph.end):
            if not _overlaps(taken, match.start(), match.end()):
                found.append(RawMention(match.start(), match.end(), forms[match.group()], match.group()))
    return found


def _surname_forms(mentions: Sequence[RawMention]) -> dict[str, str]:
    """Last words of multi-word PERSON mentions ("Dačić" from "Ivica Dačić"), labelled PERSON."""
    surnames: dict[str, str] = {}
    for mention in mentions:
        words = mention.text.split()
        if mention.label == "PERSON" and len(words) > 1 and _CAPITALISED_WORD.match(words[-1]):
            surnames[words[-1]] = "PERSON"
    return surnames


def _acronym_forms(masked: str, paragraphs: Sequence[Paragraph], mentions: Sequence[RawMention]) -> dict[str, str]:
    """Acronyms that NER tagged, that are defined in parentheses, or whose long form occurs: form -> label."""
    labels: dict[str, Counter[str]] = {}
    for mention in mentions:
        if is_acronym(mention.text) and mention.label not in TEMPORAL_LABELS:
            labels.setdefault(mention.text, Counter())[mention.label] += 1
    spelt = {i for m in mentions if m.label not in TEMPORAL_LABELS | {"PERSON"} for i in name_initials(m.text)}
    for paragraph in paragraphs:
        text = masked[paragraph.start : paragraph.end]
        for abbreviation in find_abbreviations(text):
            labels.setdefault(abbreviation.short, Counter())
        for word in set(re.findall(r"[A-Z][A-Z0-9&-]+", text)):
            if word not in labels and is_acronym(word) and acronym_letters(word) in spelt - {""}:
                labels[word] = Counter()
    return {form: (counts.most_common(1)[0][0] if counts else "ORG") for form, counts in labels.items()}


def _overlaps(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Does [start, end) overlap one of ``spans`` (sorted, non-overlapping, as NER returns them)?"""
    i = bisect.bisect_left(spans, (end,))
    return i > 0 and spans[i - 1][1] > start
