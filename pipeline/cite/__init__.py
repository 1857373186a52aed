"""The cite stage: parse the reference list, find in-text citations and link them to reference entries."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.cite.citations import find_citations
from pipeline.cite.linking import link_citations
from pipeline.model import Citation, Document, Reference

__all__ = ["cite_document", "find_citations", "link_citations"]


def cite_document(document: Document, references: Sequence[Reference]) -> tuple[Citation, ...]:
    """Every citation of ``document``, each item linked to ``references`` (or marked missing/ambiguous)."""
    return link_citations(find_citations(document), references)
