"""A small checked annotation shared by the report tests (real rules, hand-built annotation)."""

from __future__ import annotations

from annotation_builders import annotate, citation, document, item, reference

from pipeline.check import CheckConfig, run_checks
from pipeline.model import Annotation, Finding, LinkStatus

HOSTILE = '<script>alert(1)</script> javascript:alert(2) " onmouseover="alert(3)'

DRAFT = """{title}
{preamble}
Platforms have been established (CSTO, 2022f). Tokayev thanked Russia (President of Russia, May 16).
A line with 100% and a comma, colon: here (Kim, 2031).

REFERENCES

- CSTO. (2022e). Documents {title}.
- President of Russia. (2022, May 15). CSTO summit.
- Politika. (2022, March 1). Tokajev.
"""


def checked(title: str = "Perspectives of the CSTO", *, doc_id: str = "draft", source: str = "drafts/draft.txt",
            preamble: str = "") -> tuple[list[Finding], dict[str, Annotation]]:
    """Findings of all rules on a small draft; ``preamble`` is an extra paragraph that shifts every offset."""
    preamble = f"\n{preamble}\n" if preamble else ""
    doc = document(DRAFT.format(title=title, preamble=preamble), doc_id=doc_id, source=source)
    refs = (
        reference(doc, "CSTO", "r1", organisation="CSTO", year=2022, year_suffix="e", title="Documents"),
        reference(doc, "President", "r2", organisation="President of Russia", year=2022, month=5, day=15,
                  title="CSTO summit"),
        reference(doc, "Politika", "r3", organisation="Politika", year=2022, title="Tokajev"),
    )
    citations = (
        citation(doc, "c1", item(doc, "CSTO, 2022f", status=LinkStatus.MISSING, candidates=("r1",))),
        citation(doc, "c2", item(doc, "President of Russia, May 16", month=5, day=16, reference="r2")),
        citation(doc, "c3", item(doc, "Kim, 2031", status=LinkStatus.MISSING)),
    )
    annotation = annotate(doc, references=refs, citations=citations)
    return run_checks(annotation, CheckConfig()), {doc.id: annotation}
