"""Gold citation links from JATS articles, the plain-text drafts they are scored on, and the link scorer.

``render_draft`` prints a JATS article as a plain-text draft (title, front matter, abstract, headings, paragraphs,
table rows, notes, then a "References" heading and one printed reference per paragraph, numbered "n." when the
list is numbered) and records every citation callout's span in that text with the references it points to.
Gold follows the corpus README ("Reading the gold links"): every ``xref[@ref-type="bibr"]`` outside
``sub-article``; ``@rid`` may list several ids; ``[1]–[9]`` (two xrefs joined by a dash) expands to 1..9; an IUCr
arrow-glyph xref is not printed and its callout is the author-year text just before it.

The pipeline scores on the extracted ``Document``, whose text is the draft re-laid out by the text extractor
(paragraphs a page break seemed to cut are rejoined, etc.), so ``align`` maps draft offsets to document offsets:
both texts are split into whitespace-separated tokens and matched with ``difflib.SequenceMatcher``; an offset
inside a matched token maps exactly, any other offset maps relative to the nearest matched token before it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from pipeline.extract.assemble import KIND_ORDER
from pipeline.extract.jats import JatsBlock, XrefSpan, render_article
from pipeline.model import SectionKind

REFERENCES_HEADING = "References"
_DASH_ONLY = re.compile(r"^\s*[-–—]\s*$")
_NUMBER = re.compile(r"^[\[(]?\d+[\])]?$")
_CALLOUT_OPENERS = "(;["
_LEADING_WORDS = re.compile(r"^(?:e\.g\.,?|i\.e\.,?|see|cf\.|also|and|,)\s*", re.IGNORECASE)
_NAME_BEFORE_PAREN = re.compile(r"[A-Z][\w'’-]+(?: et al\.| (?:and|&) [A-Z][\w'’-]+)?\s*\($")
_AUTHOR_YEAR_BEFORE = re.compile(
    r"[A-Z][\w'’-]+(?: et al\.| (?:and|&) [A-Z][\w'’-]+)?,? \(?\d{4}[a-z]?\s*$"
)
_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class GoldCallout:
    """A citation callout at ``text[start:end]`` citing the references at ``targets`` (0-based list order)."""

    start: int
    end: int
    text: str
    targets: tuple[int, ...]


@dataclass(frozen=True)
class RenderedDraft:
    text: str
    references: tuple[str, ...]  # printed entries in list order
    reference_ids: tuple[str, ...]  # the JATS ``ref/@id`` of each entry
    callouts: tuple[GoldCallout, ...]
    xref_count: int  # bibr xrefs rendered (before ranges are merged into one callout)
    cited: tuple[int, ...]  # references some xref points at directly (range interiors not included)


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    true_positives: int
    predicted: int
    gold: int


def render_draft(data: bytes, *, path: str = "<jats>") -> RenderedDraft:
    """The plain-text draft of a JATS article and its gold callouts."""
    article = render_article(data, path)
    index = {rid: i for i, rid in enumerate(article.reference_ids)}
    blocks = sorted(article.blocks, key=lambda b: KIND_ORDER[b.kind])
    numbered = _all_numbered(blocks)
    pieces: list[str] = []
    callouts: list[GoldCallout] = []
    references: list[str] = []
    xref_count = 0
    cited: set[int] = set()
    offset = 0
    heading_written = False
    for block in blocks:
        if block.kind == SectionKind.REFERENCES:
            if block.heading:
                continue  # one uniform heading, written once below
            if not heading_written:
                offset = _append(pieces, offset, REFERENCES_HEADING)
                heading_written = True
            references.append(block.text)
            offset = _append(pieces, offset, f"{block.label}. {block.text}" if numbered else block.text)
            continue
        start = offset + (2 if pieces else 0)
        offset = _append(pieces, offset, block.text)
        bibr = [x for x in block.xrefs if x.ref_type == "bibr"]
        xref_count += len(bibr)
        cited.update(index[rid] for x in bibr for rid in x.rids if rid in index)
        callouts.extend(_shift(c, start) for c in block_callouts(block.text, bibr, index))
    text = "".join(pieces)
    return RenderedDraft(
        text, tuple(references), tuple(article.reference_ids), tuple(callouts), xref_count, tuple(sorted(cited))
    )


def _append(pieces: list[str], offset: int, text: str) -> int:
    if pieces:
        pieces.append("\n\n")
        offset += 2
    pieces.append(text)
    return offset + len(text)


def _all_numbered(blocks: list[JatsBlock]) -> bool:
    """Labels are printed only when every entry has a numeric one (a partly numbered list would not re-parse)."""
    entries = [b for b in blocks if b.kind == SectionKind.REFERENCES and not b.heading]
    return bool(entries) and all(b.label and b.label.isdigit() for b in entries)


def _shift(callout: GoldCallout, by: int) -> GoldCallout:
    return replace(callout, start=callout.start + by, end=callout.end + by)


def block_callouts(text: str, xrefs: Sequence[XrefSpan], index: dict[str, int]) -> list[GoldCallout]:
    """Callouts of one paragraph: numbered ranges merged, arrow glyphs replaced by the text before them."""
    callouts: list[GoldCallout] = []
    previous_end = 0
    i = 0
    while i < len(xrefs):
        xref = xrefs[i]
        targets = tuple(index[rid] for rid in xref.rids if rid in index)
        start, end = xref.start, xref.end
        following = xrefs[i + 1] if i + 1 < len(xrefs) else None
        if following is not None and _is_range(text, xref, following, index):
            first, last = index[xref.rids[0]], index[following.rids[0]]
            targets, end = tuple(range(first, last + 1)), following.end
            i += 1
        elif xref.glyph:  # the callout is the author-year text before the arrow
            start, end = _text_before(text, start, previous_end)
        if callouts and (callouts[-1].start, callouts[-1].end) == (start, end):  # nested xrefs, one callout
            merged = tuple(dict.fromkeys(callouts[-1].targets + targets))
            callouts[-1] = replace(callouts[-1], targets=merged)
        elif targets and start < end:
            callouts.append(GoldCallout(start, end, text[start:end], targets))
        previous_end = max(previous_end, end)
        i += 1
    return callouts


def _is_range(text: str, first: XrefSpan, second: XrefSpan, index: dict[str, int]) -> bool:
    """``[1]–[9]``: two single-target numeric xrefs joined by a dash, in list order."""
    if len(first.rids) != 1 or len(second.rids) != 1 or first.rids[0] not in index or second.rids[0] not in index:
        return False
    numeric = _NUMBER.match(text[first.start : first.end]) and _NUMBER.match(text[second.start : second.end])
    return bool(numeric and _DASH_ONLY.match(text[first.end : second.start])) and (
        index[first.rids[0]] < index[second.rids[0]]
    )


def _text_before(text: str, glyph_at: int, floor: int) -> tuple[int, int]:
    """``(McPherson, 1990▶`` -> ``McPherson, 1990``; ``Rupp (2003▶`` -> ``Rupp (2003``."""
    opener = max(text.rfind(c, floor, glyph_at) for c in _CALLOUT_OPENERS)
    if opener < 0:  # no bracket or separator: take the author-year words themselves
        words = _AUTHOR_YEAR_BEFORE.search(text, floor, glyph_at)
        return (words.start(), words.start() + len(words.group().rstrip())) if words else (glyph_at, glyph_at)
    start = opener + 1
    if opener >= 0 and text[opener] == "(" and not any(c.isalpha() for c in text[start:glyph_at]):
        name = _NAME_BEFORE_PAREN.search(text, max(floor, opener - 80), opener + 1)
        if name:
            start = name.start()
    while True:
        leading = _LEADING_WORDS.match(text, start, glyph_at)
        if not leading or leading.end() == start:
            break
        start = leading.end()
    while start < glyph_at and text[start].isspace():
        start += 1
    end = glyph_at
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- mapping draft offsets to document offsets ----------------------------------------------------------------


class OffsetMap:
    """Maps offsets in the draft text to offsets in the extracted document text (see module docstring)."""

    def __init__(self, draft_text: str, document_text: str) -> None:
        self.identical = draft_text == document_text
        if self.identical:
            return
        draft = [(m.start(), m.group()) for m in _TOKEN.finditer(draft_text)]
        document = [(m.start(), m.group()) for m in _TOKEN.finditer(document_text)]
        matcher = SequenceMatcher(None, [t for _, t in draft], [t for _, t in document], autojunk=False)
        self._starts = [start for start, _ in draft]
        self._lengths = [len(token) for _, token in draft]
        self._mapped: list[int | None] = [None] * len(draft)
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                self._mapped[block.a + k] = document[block.b + k][0]

    def __call__(self, offset: int) -> int:
        if self.identical:
            return offset
        i = bisect.bisect_right(self._starts, offset) - 1
        while i >= 0 and self._mapped[i] is None:
            i -= 1
        if i < 0:
            return 0
        within = min(offset - self._starts[i], self._lengths[i])  # whitespace after a token maps to its end
        return self._mapped[i] + within  # type: ignore[operator]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """An end offset is exclusive: map its last character, so trailing whitespace never leaks in."""
        if end <= start:
            mapped = self(start)
            return mapped, mapped
        return self(start), self(end - 1) + 1


def align(draft_text: str, document_text: str) -> OffsetMap:
    """A callable mapping draft offsets to document offsets."""
    return OffsetMap(draft_text, document_text)


def map_callouts(callouts: Sequence[GoldCallout], offsets: OffsetMap, document_text: str) -> list[GoldCallout]:
    """Gold callouts with spans (and texts) in document offsets."""
    mapped = []
    for callout in callouts:
        start, end = offsets.span(callout.start, callout.end)
        mapped.append(GoldCallout(start, end, document_text[start:end], callout.targets))
    return mapped


# --- scoring ----------------------------------------------------------------------------------------------------


def score_links(
    predicted: Sequence[tuple[int, int, str | None]], gold: Sequence[GoldCallout], ref_ids: Sequence[str]
) -> Scores:
    """Link precision/recall/F1 for one paper.

    ``predicted``: ``(start, end, reference_id)`` in document offsets; items with no reference (an unresolved
    citation) are not links and are not counted. ``gold`` must be in the same offsets (``map_callouts``);
    ``ref_ids[i]`` is the id of target index ``i``. A predicted link is a true positive when its span overlaps a
    gold callout that targets its reference; each gold (callout, target) pair is matched at most once.
    With nothing to predict and nothing predicted the scores are 1.0; a 0/0 otherwise counts as 0.0.
    """
    links = sorted((s, e, r) for s, e, r in predicted if r is not None)
    gold_pairs = sorted((g.start, g.end, ref_ids[t]) for g in gold for t in g.targets)
    matched = [False] * len(gold_pairs)
    gold_starts = [start for start, _, _ in gold_pairs]
    true_positives = 0
    for start, end, reference in links:
        # gold pairs whose span can overlap [start, end): they start before ``end``
        for j in range(bisect.bisect_left(gold_starts, end) - 1, -1, -1):
            g_start, g_end, g_reference = gold_pairs[j]
            if not matched[j] and g_reference == reference and _overlaps(start, end, g_start, g_end):
                matched[j] = True
                true_positives += 1
                break
    return _scores(true_positives, len(links), len(gold_pairs))


def _overlaps(start: int, end: int, other_start: int, other_end: int) -> bool:
    if start == end:  # a zero-width prediction overlaps the callout it sits in
        return other_start <= start < other_end
    return start < other_end and other_start < end


def _scores(true_positives: int, predicted: int, gold: int) -> Scores:
    if predicted == 0 and gold == 0:
        return Scores(1.0, 1.0, 1.0, 0, 0, 0)
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, true_positives, predicted, gold)
