"""Test-only stand-in for the cite stage on the seed: parenthesised author-date groups and Ibid. as citations.

The real citation finder lives in the cite stage; the annotate functions only need ``Citation`` spans to mask.
"""

from __future__ import annotations

import re

from pipeline.model import Citation, Document, SectionKind

MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
CITATION_GROUP = re.compile(
    r"\((?:\*?Ibid(?:em)?\.?\*?[^()]*"  # (*Ibid.*, p. 7)
    r"|[A-Z][^()]*?,? (?:1[89]|20)\d\d[a-z]?\b[^()]*"  # (Lobanov, 2019; CSTO, 2022a)
    rf"|[A-Z][^()]*, {MONTH} \d+)\)"  # (President of Russia, May 16)
)


def stub_citations(document: Document) -> list[Citation]:
    """Citation groups of the running text (the reference list is not searched)."""
    references = [s for s in document.sections if s.kind == SectionKind.REFERENCES]
    end = min((s.start for s in references), default=len(document.text))
    return [
        Citation(id=f"c{n}", start=m.start(), end=m.end(), text=m.group(), claim_start=m.start(),
                 claim_end=m.end(), narrative=False, items=())
        for n, m in enumerate(CITATION_GROUP.finditer(document.text, 0, end), start=1)
    ]
