"""``annocite validate``: is every annotation file of the corpus well-formed, current and consistent?

Checks, per file: the JSON Schema; the document id against the file name; the text hash; the source hash
(when the source can be found: a changed source means the annotation is stale); every span inside the text
and equal to its stored text; unique ids per kind; every cross-reference (paragraph -> section, citation item
-> reference, entity -> cluster) resolving; and every curation still applying.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.corpus.annotation_file import (
    ANNOTATION_SCHEMA,
    SCHEMA_VERSION,
    annotation_from_data,
    check_schema_version,
    parse_json,
    read_json_text,
)
from pipeline.corpus.curations import CurationStatus, apply_curations, curations_path, load_curations
from pipeline.corpus.schemas import schema_issues
from pipeline.errors import AnnotationFileError
from pipeline.fileio import sha256_bytes, sha256_text
from pipeline.model import Annotation, Document, LinkStatus

CURATIONS_SUFFIX = ".curations.json"
_STALE = "re-run annocite annotate"


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    path: str
    where: str  # JSON path inside the file ("$.entities[3]"), or "$" for the whole file
    message: str

    def render(self) -> str:
        return f"{self.path}: {self.where}: {self.message}"


Issue = tuple[str, str]  # (where, message) inside one file


def validate_corpus(directory: Path, *, sources_dir: Path | None = None) -> list[Problem]:
    """Problems of every annotation file in ``directory`` (and of curation files with no annotation)."""
    if not directory.is_dir():
        return [Problem(str(directory), "$", "annotations directory not found")]
    problems: list[Problem] = []
    annotation_files = sorted(p for p in directory.glob("*.json") if not p.name.endswith(CURATIONS_SUFFIX))
    for path in annotation_files:
        problems.extend(validate_annotation_file(path, sources_dir=sources_dir))
    known = {p.stem for p in annotation_files}
    for path in sorted(directory.glob("*" + CURATIONS_SUFFIX)):
        if path.name.removesuffix(CURATIONS_SUFFIX) not in known:
            problems.append(Problem(str(path), "$", "curations for a document that has no annotation file"))
    return problems


def validate_annotation_file(path: Path, *, sources_dir: Path | None = None) -> list[Problem]:
    """Every problem of one annotation file (an empty list means valid)."""
    name = str(path)
    try:
        data = parse_json(read_json_text(path), path=name)
        check_schema_version(data, path=name, expected=SCHEMA_VERSION, kind="annotation")
    except AnnotationFileError as error:
        return [Problem(name, "$", error.problem)]
    issues = schema_issues(data, ANNOTATION_SCHEMA)
    if issues:
        return [Problem(name, issue.pointer, f"schema violation: {issue.message}") for issue in issues]
    annotation = annotation_from_data(data, path=name)
    found = [
        *_check_identity(path, annotation),
        *_check_hashes(path, annotation, sources_dir),
        *_check_spans(annotation),
        *_check_unique_ids(annotation),
        *_check_links(annotation),
    ]
    problems = [Problem(name, where, message) for where, message in found]
    return problems + _check_curations(path, annotation)


def _check_identity(path: Path, annotation: Annotation) -> Iterator[Issue]:
    if annotation.document.id != path.stem:
        yield "$.document.id", f"document id {annotation.document.id!r} does not match the file name {path.name!r}"


def _check_hashes(path: Path, annotation: Annotation, sources_dir: Path | None) -> Iterator[Issue]:
    document = annotation.document
    try:
        actual = sha256_text(document.text)
    except UnicodeEncodeError:
        actual = "(not encodable)"
    if actual != document.text_sha256:
        yield "$.document.text_sha256", f"text_sha256 does not match the stored text (edited by hand?): {_STALE}"
    source = find_source(document.source, annotations_dir=path.parent, sources_dir=sources_dir)
    if source is None:
        return
    try:
        source_hash = sha256_bytes(source.read_bytes())
    except OSError as error:
        yield "$.document.source", f"cannot read the source {source}: {error.strerror or error}"
        return
    if source_hash != document.source_sha256:
        yield "$.document.source_sha256", f"source changed since annotation: {_STALE} ({source})"


def find_source(source: str, *, annotations_dir: Path, sources_dir: Path | None) -> Path | None:
    """The draft an annotation came from: its recorded path (as given, or relative to the project that holds
    the annotations folder), else a file of that name in ``sources_dir``."""
    recorded = Path(source)
    candidates = [recorded, annotations_dir.parent / recorded]
    if sources_dir is not None:
        candidates.append(sources_dir / recorded.name)
    return next((c for c in candidates if c.is_file()), None)


def _document_parts(document: Document) -> tuple[tuple[str, Sequence[Any]], ...]:
    """The document's spans with ids, by their key in the annotation file."""
    return (
        ("sections", document.sections),
        ("paragraphs", document.paragraphs),
        ("sentences", document.sentences),
        ("footnotes", document.footnotes),
        ("reference_entries", document.reference_entries),
    )


def _check_spans(annotation: Annotation) -> Iterator[Issue]:
    document = annotation.document
    text = document.text
    spans: list[tuple[str, str, int, int, str | None]] = []  # where, what, start, end, stored text
    spans += [(f"$.segments[{i}]", "segment", s.start, s.end, None) for i, s in enumerate(document.segments)]
    for kind, items in _document_parts(document):
        spans += [(f"$.{kind}[{i}]", item.id, item.start, item.end, None) for i, item in enumerate(items)]
    spans += [(f"$.references[{i}]", r.id, r.start, r.end, r.raw) for i, r in enumerate(annotation.references)]
    spans += [(f"$.entities[{i}]", e.id, e.start, e.end, e.text) for i, e in enumerate(annotation.entities)]
    spans += [(f"$.dates[{i}]", d.id, d.start, d.end, d.text) for i, d in enumerate(annotation.dates)]
    for i, citation in enumerate(annotation.citations):
        where = f"$.citations[{i}]"
        spans.append((where, citation.id, citation.start, citation.end, citation.text))
        spans.append((f"{where}.claim", f"claim of {citation.id}", citation.claim_start, citation.claim_end, None))
        for j, item in enumerate(citation.items):
            spans.append((f"{where}.items[{j}]", f"item {j} of {citation.id}", item.start, item.end, item.text))
    for where, what, start, end, stored in spans:
        yield from _check_span(text, where, what, start, end, stored)
    for i, footnote in enumerate(document.footnotes):
        if footnote.anchor is not None and footnote.anchor >= len(text):
            yield f"$.footnotes[{i}].anchor", f"{footnote.id}: anchor {footnote.anchor} is past the end of the text"


def _check_span(text: str, where: str, what: str, start: int, end: int, stored: str | None) -> Iterator[Issue]:
    if end < start:
        yield where, f"{what}: end {end} is before start {start}"
    elif end > len(text):
        yield where, f"{what}: span {start}-{end} is outside the text ({len(text)} characters)"
    elif stored is not None and text[start:end] != stored:
        yield where, f"{what}: stored text {_quote(stored)} differs from the document text {_quote(text[start:end])}"


def _quote(value: str, limit: int = 60) -> str:
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


def _check_unique_ids(annotation: Annotation) -> Iterator[Issue]:
    for kind, items in (
        *_document_parts(annotation.document),
        ("references", annotation.references),
        ("citations", annotation.citations),
        ("entities", annotation.entities),
        ("clusters", annotation.clusters),
        ("dates", annotation.dates),
    ):
        yield from _duplicates(kind, [item.id for item in items])


def _duplicates(kind: str, ids: Iterable[str]) -> Iterator[Issue]:
    seen: set[str] = set()
    for index, identifier in enumerate(ids):
        if identifier in seen:
            yield f"$.{kind}[{index}].id", f"duplicate id {identifier!r} in {kind}"
        seen.add(identifier)


def _check_links(annotation: Annotation) -> Iterator[Issue]:
    section_ids = {s.id for s in annotation.document.sections}
    for i, paragraph in enumerate(annotation.document.paragraphs):
        if paragraph.section not in section_ids:
            yield f"$.paragraphs[{i}].section", f"{paragraph.id}: section {paragraph.section!r} does not exist"
    reference_ids = {r.id for r in annotation.references}
    for i, citation in enumerate(annotation.citations):
        for j, item in enumerate(citation.items):
            where, what = f"$.citations[{i}].items[{j}]", f"{citation.id} item {item.text!r}"
            if item.reference is not None and item.reference not in reference_ids:
                yield f"{where}.reference", f"{what}: reference {item.reference!r} does not exist"
            if item.status == LinkStatus.LINKED and item.reference is None:
                yield f"{where}.status", f"{what}: status is linked but no reference is given"
            for candidate in item.candidates:
                if candidate not in reference_ids:
                    yield f"{where}.candidates", f"{what}: candidate reference {candidate!r} does not exist"
    cluster_ids = {c.id for c in annotation.clusters}
    for i, entity in enumerate(annotation.entities):
        if entity.cluster not in cluster_ids:
            yield f"$.entities[{i}].cluster", f"{entity.id} {entity.text!r}: cluster {entity.cluster!r} does not exist"


def _check_curations(path: Path, annotation: Annotation) -> list[Problem]:
    curation_file = curations_path(path.parent, path.stem)
    try:
        curations = load_curations(curation_file)
    except AnnotationFileError as error:
        return [Problem(str(curation_file), "$", error.problem)]
    _, results = apply_curations(annotation, curations)
    return [
        Problem(str(curation_file), f"$.curations[{index}]", result.describe())
        for index, result in enumerate(results)
        if result.status == CurationStatus.ORPHANED
    ]
