"""Annotation files: one ``annotations/<doc-id>.json`` per document, the committed corpus.

The file stores the extracted text itself (so spans can be checked and later stages need no re-extraction)
plus everything every stage found, validated by ``schema.json``. Bytes are deterministic: sorted keys,
lists in document order, scalar lists on one line, a trailing newline.

    write_annotation(Path("annotations/paper.json"), annotation)   # False when nothing changed
    annotation = read_annotation(Path("annotations/paper.json"))   # AnnotationFileError if malformed
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import AnnotationFileError
from pipeline.fileio import atomic_write_text
from pipeline.model import (
    Annotation,
    Author,
    Citation,
    CitationItem,
    Cluster,
    DateMention,
    Document,
    Entity,
    Footnote,
    LinkStatus,
    Paragraph,
    PartialDate,
    Reference,
    ReferenceEntry,
    Section,
    SectionKind,
    Segment,
    Sentence,
)

if TYPE_CHECKING:
    from pipeline.corpus.schemas import SchemaIssue

SCHEMA_VERSION = "1.0"
ANNOTATION_SCHEMA = "schema.json"
_MAX_MESSAGE = 160


# --- writing ----------------------------------------------------------------------------------


def annotation_to_json(annotation: Annotation) -> str:
    """The annotation file's exact text: the same annotation always gives the same bytes."""
    return dump_json(annotation_to_data(annotation))


def annotation_to_data(annotation: Annotation) -> dict[str, Any]:
    """The annotation as plain JSON data (what ``schema.json`` describes)."""
    document = annotation.document
    return {
        "schema_version": SCHEMA_VERSION,
        "document": {
            "id": document.id,
            "source": document.source,
            "source_sha256": document.source_sha256,
            "text_sha256": document.text_sha256,
            "page_count": document.page_count,
            "warnings": list(document.warnings),
        },
        "text": document.text,
        "segments": [[s.start, s.end, s.page, s.line, s.column] for s in document.segments],
        "sections": [{"id": s.id, "kind": s.kind.value, "start": s.start, "end": s.end} for s in document.sections],
        "paragraphs": [
            {"id": p.id, "section": p.section, "start": p.start, "end": p.end, "heading": p.heading}
            for p in document.paragraphs
        ],
        "sentences": [{"id": s.id, "start": s.start, "end": s.end} for s in document.sentences],
        "footnotes": [
            {"id": f.id, "marker": f.marker, "start": f.start, "end": f.end, "anchor": f.anchor}
            for f in document.footnotes
        ],
        "reference_entries": [
            {"id": r.id, "start": r.start, "end": r.end, "label": r.label} for r in document.reference_entries
        ],
        "references": [_reference_data(r) for r in sorted(annotation.references, key=_span_order)],
        "citations": [_citation_data(c) for c in sorted(annotation.citations, key=_span_order)],
        "entities": [_entity_data(e) for e in sorted(annotation.entities, key=_span_order)],
        "clusters": [_cluster_data(c) for c in sorted(annotation.clusters, key=lambda c: natural_key(c.id))],
        "dates": [_date_data(d) for d in sorted(annotation.dates, key=_span_order)],
    }


def canonical(annotation: Annotation) -> Annotation:
    """The annotation with its stage lists in file order (what reading its file back gives)."""
    return annotation_from_data(annotation_to_data(annotation), path="<memory>")


def write_annotation(path: Path, annotation: Annotation) -> bool:
    """Write atomically; return False (and leave the file and its mtime alone) when the bytes are unchanged."""
    text = annotation_to_json(annotation)
    try:
        if path.read_bytes() == text.encode("utf-8"):
            return False
    except OSError:
        pass  # absent or unreadable: write it
    atomic_write_text(path, text)
    return True


def dump_json(value: Any) -> str:
    """Sorted keys, one-space indent, scalar lists on one line (segments stay compact), trailing newline."""
    return _dump(value, 0) + "\n"


def _dump(value: Any, level: int) -> str:
    pad, inner = " " * level, " " * (level + 1)
    if isinstance(value, dict) and value:
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_dump(value[k], level + 1)}" for k in sorted(value)]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        return "[\n" + ",\n".join(inner + _dump(v, level + 1) for v in value) + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False)


def natural_key(identifier: str) -> tuple[tuple[int, int | str], ...]:
    """``e2`` before ``e10``: digits compare as numbers."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|\D+", identifier))


def _span_order(item: Reference | Citation | Entity | DateMention) -> tuple[int, int, tuple]:
    return (item.start, item.end, natural_key(item.id))


def _author_data(author: Author) -> dict[str, Any]:
    return {"family": author.family, "given": author.given, "key": author.key}


def _reference_data(reference: Reference) -> dict[str, Any]:
    return {
        "id": reference.id,
        "start": reference.start,
        "end": reference.end,
        "raw": reference.raw,
        "authors": [_author_data(a) for a in reference.authors],
        "organisation": reference.organisation,
        "year": reference.year,
        "year_suffix": reference.year_suffix,
        "month": reference.month,
        "day": reference.day,
        "more_dates": [{"year": d.year, "month": d.month, "day": d.day} for d in reference.more_dates],
        "title": reference.title,
        "container": reference.container,
        "editors": [_author_data(a) for a in reference.editors],
        "volume": reference.volume,
        "issue": reference.issue,
        "pages": reference.pages,
        "publisher": reference.publisher,
        "place": reference.place,
        "url": reference.url,
        "doi": reference.doi,
        "accessed": reference.accessed,
        "label": reference.label,
        "kind": reference.kind,
        "parsed": reference.parsed,
        "problems": list(reference.problems),
    }


def _citation_data(citation: Citation) -> dict[str, Any]:
    return {
        "id": citation.id,
        "start": citation.start,
        "end": citation.end,
        "text": citation.text,
        "claim": {"start": citation.claim_start, "end": citation.claim_end},
        "narrative": citation.narrative,
        "items": [
            {
                "start": item.start,
                "end": item.end,
                "text": item.text,
                "kind": item.kind,
                "authors": list(item.authors),
                "year": item.year,
                "year_suffix": item.year_suffix,
                "month": item.month,
                "day": item.day,
                "number": item.number,
                "locator": item.locator,
                "reference": item.reference,
                "candidates": list(item.candidates),
                "status": item.status.value,
            }
            for item in citation.items
        ],
    }


def _entity_data(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "start": entity.start,
        "end": entity.end,
        "label": entity.label,
        "text": entity.text,
        "cluster": entity.cluster,
    }


def _cluster_data(cluster: Cluster) -> dict[str, Any]:
    return {
        "id": cluster.id,
        "name": cluster.name,
        "label": cluster.label,
        "forms": list(cluster.forms),
        "expansions": list(cluster.expansions),
        "variants": list(cluster.variants),
        "aliases": list(cluster.aliases),
    }


def _date_data(date: DateMention) -> dict[str, Any]:
    return {
        "id": date.id,
        "start": date.start,
        "end": date.end,
        "text": date.text,
        "value": date.value,
        "granularity": date.granularity,
        "inferred": date.inferred,
    }


# --- reading ----------------------------------------------------------------------------------


def read_annotation(path: Path) -> Annotation:
    """Read and schema-validate one annotation file; any problem raises AnnotationFileError naming the file."""
    return annotation_from_json(read_json_text(path), path=str(path))


def annotation_from_json(text: str, *, path: str) -> Annotation:
    """Parse an annotation file's text. Malformed JSON, a schema violation or an impossible value all raise
    ``AnnotationFileError`` naming ``path`` and the JSON problem (line/column, or the JSON path)."""
    from pipeline.corpus.schemas import schema_issues  # jsonschema costs 0.2 s to import: only when reading

    data = parse_json(text, path=path)
    check_schema_version(data, path=path, expected=SCHEMA_VERSION, kind="annotation")
    issues = schema_issues(data, ANNOTATION_SCHEMA)
    if issues:
        raise schema_error(path, issues)
    return annotation_from_data(data, path=path)


def read_json_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as error:
        raise AnnotationFileError(str(path), f"cannot read the file: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise AnnotationFileError(
            str(path), f"not UTF-8 (byte {error.start}: {error.reason})", "annotation files are UTF-8 JSON"
        ) from error


def parse_json(text: str, *, path: str) -> Any:
    """JSON with the strictness an annotation file needs: no NaN/Infinity, no duplicate keys, no lone
    surrogates (they could not be written back as UTF-8)."""
    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        raise AnnotationFileError(
            path, f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from error
    except (ValueError, RecursionError) as error:
        raise AnnotationFileError(path, f"invalid JSON: {_shorten(str(error) or type(error).__name__)}") from error
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:
        raise AnnotationFileError(path, "invalid JSON: a string holds an unpaired surrogate escape") from error
    return data


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def check_schema_version(data: Any, *, path: str, expected: str, kind: str) -> None:
    """A clear message for files from another format version, before the schema's generic one."""
    if isinstance(data, dict) and "schema_version" in data and data["schema_version"] != expected:
        found = _shorten(json.dumps(data["schema_version"], ensure_ascii=False))
        raise AnnotationFileError(
            path, f"{kind} file has schema_version {found}; this annocite reads {expected!r}", "re-run annocite"
        )


def schema_error(path: str, issues: list[SchemaIssue]) -> AnnotationFileError:
    first = issues[0]
    more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
    return AnnotationFileError(path, f"schema violation at {first.pointer}: {first.message}{more}")


def _shorten(message: str) -> str:
    return message if len(message) <= _MAX_MESSAGE else message[: _MAX_MESSAGE - 1] + "…"


def annotation_from_data(data: dict[str, Any], *, path: str) -> Annotation:
    """Build the model from schema-valid data (the schema guarantees every key and type used here)."""
    meta = data["document"]
    document = Document(
        id=meta["id"],
        source=meta["source"],
        source_sha256=meta["source_sha256"],
        text=data["text"],
        text_sha256=meta["text_sha256"],
        page_count=meta["page_count"],
        sections=tuple(Section(s["id"], SectionKind(s["kind"]), s["start"], s["end"]) for s in data["sections"]),
        paragraphs=tuple(
            Paragraph(p["id"], p["section"], p["start"], p["end"], p.get("heading", False)) for p in data["paragraphs"]
        ),
        sentences=tuple(Sentence(s["id"], s["start"], s["end"]) for s in data["sentences"]),
        footnotes=tuple(
            Footnote(f["id"], f["marker"], f["start"], f["end"], f.get("anchor")) for f in data["footnotes"]
        ),
        reference_entries=tuple(
            ReferenceEntry(r["id"], r["start"], r["end"], r.get("label")) for r in data["reference_entries"]
        ),
        segments=tuple(Segment(*row) for row in data["segments"]),
        warnings=tuple(meta.get("warnings", ())),
    )
    return Annotation(
        document=document,
        references=tuple(_reference(r) for r in data["references"]),
        citations=tuple(_citation(c) for c in data["citations"]),
        entities=tuple(
            Entity(e["id"], e["start"], e["end"], e["label"], e["text"], e["cluster"]) for e in data["entities"]
        ),
        clusters=tuple(_cluster(c) for c in data["clusters"]),
        dates=tuple(
            DateMention(d["id"], d["start"], d["end"], d["text"], d["value"], d["granularity"], d.get("inferred"))
            for d in data["dates"]
        ),
    )


def _author(data: dict[str, Any]) -> Author:
    return Author(data["family"], data.get("given"), data.get("key", ""))


def _reference(data: dict[str, Any]) -> Reference:
    optional = (
        "organisation", "year", "year_suffix", "month", "day", "title", "container", "volume", "issue", "pages",
        "publisher", "place", "url", "doi", "accessed", "label", "kind",
    )  # fmt: skip
    return Reference(
        id=data["id"],
        start=data["start"],
        end=data["end"],
        raw=data["raw"],
        authors=tuple(_author(a) for a in data.get("authors", ())),
        more_dates=tuple(PartialDate(d.get("year"), d.get("month"), d.get("day")) for d in data.get("more_dates", ())),
        editors=tuple(_author(a) for a in data.get("editors", ())),
        parsed=data.get("parsed", True),
        problems=tuple(data.get("problems", ())),
        **{name: data.get(name) for name in optional},
    )


def _citation(data: dict[str, Any]) -> Citation:
    items = tuple(
        CitationItem(
            start=item["start"],
            end=item["end"],
            text=item["text"],
            kind=item["kind"],
            authors=tuple(item.get("authors", ())),
            year=item.get("year"),
            year_suffix=item.get("year_suffix"),
            month=item.get("month"),
            day=item.get("day"),
            number=item.get("number"),
            locator=item.get("locator"),
            reference=item.get("reference"),
            candidates=tuple(item.get("candidates", ())),
            status=LinkStatus(item["status"]),
        )
        for item in data["items"]
    )
    return Citation(
        id=data["id"],
        start=data["start"],
        end=data["end"],
        text=data["text"],
        claim_start=data["claim"]["start"],
        claim_end=data["claim"]["end"],
        narrative=data["narrative"],
        items=items,
    )


def _cluster(data: dict[str, Any]) -> Cluster:
    return Cluster(
        id=data["id"],
        name=data["name"],
        label=data["label"],
        forms=tuple(data["forms"]),
        expansions=tuple(data.get("expansions", ())),
        variants=tuple(data.get("variants", ())),
        aliases=tuple(data.get("aliases", ())),
    )
