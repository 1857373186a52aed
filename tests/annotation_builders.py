"""Hand-built annotations for rule and report tests: the other stages are not needed to test a check.

A draft is written as plain text and run through the real text extractor (so sections, sentences, footnotes
and line/column mapping are real); references, citations, entities and dates are placed by searching their
text, so tests read like the draft they describe.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipeline.check import CheckConfig, run_checks
from pipeline.extract import extract_document
from pipeline.extract.assemble import assemble
from pipeline.extract.text import text_blocks
from pipeline.fileio import sha256_text
from pipeline.model import (
    Annotation,
    Author,
    Citation,
    CitationItem,
    Cluster,
    DateMention,
    Document,
    Entity,
    Finding,
    LinkStatus,
    Reference,
)
from pipeline.names import name_key


def document(text: str, *, doc_id: str = "draft", source: str = "drafts/draft.txt") -> Document:
    return assemble(doc_id=doc_id, source=source, source_sha256=sha256_text(text), blocks=text_blocks(text),
                    page_count=1)


def seed_document(shared_dir: Path) -> Document:
    return extract_document(shared_dir / "papers" / "csto-perspectives.txt")


def span(doc: Document, needle: str, occurrence: int = 1, *, after: str | None = None) -> tuple[int, int]:
    """Offsets of the n-th occurrence of ``needle`` (optionally after the first ``after``)."""
    start = doc.text.index(needle, doc.text.index(after) if after else 0)
    for _ in range(occurrence - 1):
        start = doc.text.index(needle, start + 1)
    return start, start + len(needle)


def entry_span(doc: Document, starts_with: str, occurrence: int = 1) -> tuple[int, int]:
    """The span of the reference entry whose text starts with ``starts_with``."""
    matches = [e for e in doc.reference_entries if doc.text[e.start : e.end].startswith(starts_with)]
    entry = matches[occurrence - 1]
    return entry.start, entry.end


def reference(doc: Document, starts_with: str, rid: str, *, occurrence: int = 1, families: tuple[str, ...] = (),
              **fields) -> Reference:
    start, end = entry_span(doc, starts_with, occurrence)
    authors = tuple(Author(family=f, key=name_key(f)) for f in families)
    return Reference(id=rid, start=start, end=end, raw=doc.text[start:end], authors=authors, **fields)


def item(doc: Document, text: str, *, occurrence: int = 1, after: str | None = None,
         status: LinkStatus = LinkStatus.LINKED, kind: str = "author-date", **fields) -> CitationItem:
    start, end = span(doc, text, occurrence, after=after)
    return CitationItem(start=start, end=end, text=text, kind=kind, status=status, **fields)


def citation(doc: Document, cid: str, *items: CitationItem) -> Citation:
    """A bracketed citation around ``items`` (the brackets are found around the first and last item)."""
    start = max(doc.text.rfind(opening, 0, items[0].start + 1) for opening in "([")
    closing = ")" if doc.text[start] == "(" else "]"
    end = doc.text.index(closing, items[-1].end - 1) + 1
    sentence = doc.sentence_at(start)
    claim = (sentence.start, sentence.end) if sentence else (start, end)
    return Citation(id=cid, start=start, end=end, text=doc.text[start:end], claim_start=claim[0],
                    claim_end=claim[1], narrative=False, items=items)


def entity(doc: Document, text: str, eid: str, cluster: str, label: str = "ORG", *, occurrence: int = 1,
           after: str | None = None) -> Entity:
    start, end = span(doc, text, occurrence, after=after)
    return Entity(id=eid, start=start, end=end, label=label, text=text, cluster=cluster)


def date_mention(doc: Document, text: str, did: str, value: str, *, occurrence: int = 1,
                 after: str | None = None) -> DateMention:
    start, end = span(doc, text, occurrence, after=after)
    granularity = {10: "day", 7: "month"}.get(len(value), "year")
    return DateMention(id=did, start=start, end=end, text=text, value=value, granularity=granularity)


def cluster(cid: str, name: str, label: str = "ORG", **fields) -> Cluster:
    return Cluster(id=cid, name=name, label=label, forms=fields.pop("forms", (name,)), **fields)


def annotate(doc: Document, **parts) -> Annotation:
    return Annotation(document=doc, **parts)


def findings_of(code: str, annotation: Annotation, config: CheckConfig | None = None) -> list[Finding]:
    """Run only ``code`` on an annotation."""
    config = replace(config or CheckConfig(), select=(code,), ignore=())
    return run_checks(annotation, config)
