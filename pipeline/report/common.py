"""What every renderer needs: counts, source paths and end positions of findings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.model import Annotation, Finding, Location, Severity


@dataclass(frozen=True)
class Summary:
    errors: int
    warnings: int
    info: int
    documents: int

    def sentence(self) -> str:
        """``3 errors, 1 warning, 0 info in 2 documents``."""
        return (
            f"{_plural(self.errors, 'error')}, {_plural(self.warnings, 'warning')}, {self.info} info "
            f"in {_plural(self.documents, 'document')}"
        )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summarize(findings: Sequence[Finding], annotations: Mapping[str, Annotation]) -> Summary:
    """Counts by severity; documents = every document checked (with or without findings)."""
    documents = set(annotations) | {f.document for f in findings}
    return Summary(
        errors=sum(1 for f in findings if f.severity == Severity.ERROR),
        warnings=sum(1 for f in findings if f.severity == Severity.WARNING),
        info=sum(1 for f in findings if f.severity == Severity.INFO),
        documents=len(documents),
    )


def source_path(document_id: str, annotations: Mapping[str, Annotation]) -> str:
    """The draft's path as given to the pipeline; the document id when the annotation is not at hand."""
    annotation = annotations.get(document_id)
    return annotation.document.source if annotation is not None else document_id


def end_location(finding: Finding, annotations: Mapping[str, Annotation]) -> Location:
    """Page, line and column of the last character of a finding's span."""
    annotation = annotations.get(finding.document)
    if annotation is None or finding.end <= finding.start:
        return Location(finding.page, finding.line, finding.column)
    return annotation.document.locate(finding.end - 1)
