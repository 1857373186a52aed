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
from dataclasses import fields, is_dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from types import UnionType
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin, get_type_hints

from pipeline.errors import AnnotationFileError
from pipeline.fileio import atomic_write_text
from pipeline.model import (
    Annotation,
    Citation,
    Cluster,
    DateMention,
    Document,
    Entity,
    Footnote,
    Paragraph,
    Reference,
    ReferenceEntry,
    Section,
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
        "sections": to_data(document.sections),
        "paragraphs": to_data(document.paragraphs),
        "sentences": to_data(document.sentences),
        "footnotes": to_data(document.footnotes),
        "reference_entries": to_data(document.reference_entries),
        "references": to_data(sorted(annotation.references, key=_span_order)),
        "citations": [_citation_data(c) for c in sorted(annotation.citations, key=_span_order)],
        "entities": to_data(sorted(annotation.entities, key=_span_order)),
        "clusters": to_data(sorted(annotation.clusters, key=lambda c: natural_key(c.id))),
        "dates": to_data(sorted(annotation.dates, key=_span_order)),
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


def to_data(value: Any) -> Any:
    """Model objects as JSON data: every dataclass field by name, tuples as lists, enums as their values.

    Generic on purpose: a field added to the model is written (and read back by ``from_data``) without a
    second hand-kept list of names here; ``schema.json`` is what must be updated with it."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    return value


def _citation_data(citation: Citation) -> dict[str, Any]:
    data = to_data(citation)
    data["claim"] = {"start": data.pop("claim_start"), "end": data.pop("claim_end")}
    return data


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
        sections=from_data(tuple[Section, ...], data["sections"]),
        paragraphs=from_data(tuple[Paragraph, ...], data["paragraphs"]),
        sentences=from_data(tuple[Sentence, ...], data["sentences"]),
        footnotes=from_data(tuple[Footnote, ...], data["footnotes"]),
        reference_entries=from_data(tuple[ReferenceEntry, ...], data["reference_entries"]),
        segments=tuple(Segment(*row) for row in data["segments"]),
        warnings=tuple(meta.get("warnings", ())),
    )
    return Annotation(
        document=document,
        references=from_data(tuple[Reference, ...], data["references"]),
        citations=tuple(_citation(c) for c in data["citations"]),
        entities=from_data(tuple[Entity, ...], data["entities"]),
        clusters=from_data(tuple[Cluster, ...], data["clusters"]),
        dates=from_data(tuple[DateMention, ...], data["dates"]),
    )


def from_data(hint: Any, value: Any) -> Any:
    """The inverse of ``to_data`` for a type hint: dataclasses from dicts (absent keys take the field's default),
    tuples from lists, enums from values."""
    if value is None:
        return None
    origin = get_origin(hint)
    if origin is tuple:
        return tuple(from_data(get_args(hint)[0], item) for item in value)
    if origin in (Union, UnionType):
        return from_data(next(arg for arg in get_args(hint) if arg is not type(None)), value)
    if isinstance(hint, type) and is_dataclass(hint):
        hints = _field_hints(hint)
        return hint(**{f.name: from_data(hints[f.name], value[f.name]) for f in fields(hint) if f.name in value})
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    return value


@cache
def _field_hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _citation(data: dict[str, Any]) -> Citation:
    fields_data = {key: value for key, value in data.items() if key != "claim"}
    fields_data.update(claim_start=data["claim"]["start"], claim_end=data["claim"]["end"])
    return from_data(Citation, fields_data)
