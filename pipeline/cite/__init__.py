"""The cite stage: parse the reference list, find in-text citations and link them to reference entries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.model import Citation, Document, Reference

__all__ = ["cite_document"]


def cite_document(document: Document, references: Sequence[Reference]) -> tuple[Citation, ...]:
    """Every citation of ``document``, each item linked to ``references`` (or marked missing/ambiguous)."""
    # Imported here: a cached run asks pipeline.cite.fieldtagger only for its cache key and should load no more.
    from pipeline.cite.citations import find_citations
    from pipeline.cite.linking import link_citations

    return link_citations(find_citations(document), references)
