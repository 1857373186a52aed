"""Exports of the annotated corpus for researchers: spaCy DocBin (for training) and JSONL.

One record per paragraph of body, abstract and footnotes, with entity spans relative to the paragraph.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from pipeline.fileio import atomic_write_bytes, atomic_write_text, safe_child
from pipeline.model import Annotation, SectionKind

EXPORT_SECTIONS = frozenset({SectionKind.ABSTRACT, SectionKind.BODY, SectionKind.FOOTNOTES})


def paragraph_records(annotation: Annotation) -> Iterator[dict]:
    """Paragraph text with its entities (offsets relative to the paragraph), in document order."""
    document = annotation.document
    kinds = {s.id: s.kind for s in document.sections}
    entities = sorted(annotation.entities, key=lambda e: e.start)
    for paragraph in document.paragraphs:
        if kinds.get(paragraph.section) not in EXPORT_SECTIONS or paragraph.heading:
            continue
        inside = [e for e in entities if paragraph.start <= e.start and e.end <= paragraph.end]
        yield {
            "document": document.id,
            "paragraph": paragraph.id,
            "text": document.text[paragraph.start : paragraph.end],
            "entities": [[e.start - paragraph.start, e.end - paragraph.start, e.label, e.cluster] for e in inside],
        }


def jsonl_text(annotation: Annotation) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in paragraph_records(annotation))


def docbin_bytes(annotation: Annotation) -> bytes:
    """A spaCy DocBin of the paragraphs with gold entity spans (tokenised by a blank English pipeline)."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    docbin = DocBin(attrs=["ENT_IOB", "ENT_TYPE"], store_user_data=False)
    for record in paragraph_records(annotation):
        doc = nlp.make_doc(record["text"])
        spans = []
        for start, end, label, _cluster in record["entities"]:
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None and not any(span.start < s.end and s.start < span.end for s in spans):
                spans.append(span)
        doc.ents = spans
        docbin.add(doc)
    return docbin.to_bytes()


def write_export(annotation: Annotation, kind: str, directory: Path) -> Path:
    """Write ``<doc-id>.spacy`` or ``<doc-id>.jsonl`` into ``directory``."""
    doc_id = annotation.document.id
    if kind == "spacy":
        target = safe_child(directory, f"{doc_id}.spacy")
        atomic_write_bytes(target, docbin_bytes(annotation))
    else:
        target = safe_child(directory, f"{doc_id}.jsonl")
        atomic_write_text(target, jsonl_text(annotation))
    return target
