"""Per-paper link diagnostics for ``annocite eval links``: the gold callouts the cite stage misses and the links
it predicts wrongly, each with its context in the extracted text.

    PYTHONPATH=. python tools/link_diagnostics.py [NAME-FRAGMENT ...]   # default: every paper in corpus-dev/jats

A MISS line shows the gold target's parsed reference (first authors, year, parsed flag) and the items predicted
near the callout (text:status:reference:candidates); a WRONG line shows the citation group of the bad link.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from pipeline.cite import cite_document
from pipeline.cite.references import parse_references
from pipeline.evaluate.jats_gold import align, map_callouts, render_draft
from pipeline.extract import extract_document
from pipeline.model import CitationItem, LinkStatus, Reference

ROOT = Path(__file__).resolve().parents[1]
SHARED = next((f / "shared" for f in ROOT.parents if (f / "shared" / "corpus-dev").is_dir()), ROOT.parent / "shared")
JATS_DIR = SHARED / "corpus-dev" / "jats"  # ../shared beside the repository, or beside an ancestor (a worktree)
LINKS = (LinkStatus.LINKED, LinkStatus.IBID)


def in_context(text: str, start: int, end: int, width: int = 60) -> str:
    return (text[max(0, start - width):start] + "[[" + text[start:end] + "]]" + text[end:end + width]).replace(
        "\n", "⏎"
    )


def describe(reference: Reference | None) -> str:
    if reference is None:
        return "(no such entry)"
    names = [a.family for a in reference.authors][:3]
    year = f"{reference.year}{reference.year_suffix or ''}"
    return f"{names} org={reference.organisation} {year} parsed={reference.parsed}"


def describe_item(item: CitationItem) -> str:
    return f"{item.text!r}:{item.status.value}:{item.reference}:{item.candidates}"


def diagnose(path: Path, workdir: Path) -> None:
    rendered = render_draft(path.read_bytes(), path=str(path))
    draft = workdir / f"{path.stem}.txt"
    draft.write_text(rendered.text, encoding="utf-8")
    document = extract_document(draft)
    references = parse_references(document)
    citations = cite_document(document, references)
    gold = map_callouts(rendered.callouts, align(rendered.text, document.text), document.text)
    ref_ids = [f"ref{i + 1}" for i in range(len(rendered.references))]
    items = [(item, citation) for citation in citations for item in citation.items]
    print(f"=== {path.stem}: references {len(references)}/{len(rendered.references)}")
    for callout in gold:
        for target in callout.targets:
            hit = any(
                item.status in LINKS and item.reference == ref_ids[target]
                and item.start < callout.end and callout.start < item.end
                for item, _ in items
            )
            if hit:
                continue
            near = [describe_item(i) for i, _ in items if i.start < callout.end + 5 and callout.start - 5 < i.end]
            entry = references[target] if target < len(references) else None
            print(f"  MISS {ref_ids[target]} {describe(entry)} :: "
                  f"{in_context(document.text, callout.start, callout.end)} | near={near}")
    for item, citation in items:
        if item.status not in LINKS:
            continue
        right = any(
            item.reference == ref_ids[t] and item.start < g.end and g.start < item.end for g in gold for t in g.targets
        )
        if not right:
            group = in_context(document.text, citation.start, citation.end)
            print(f"  WRONG {item.reference} {item.text!r} :: {group}")


def main(fragments: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="annocite-diag-") as tmp:
        for path in sorted(JATS_DIR.glob("*.xml")):
            if not fragments or any(fragment in path.stem for fragment in fragments):
                diagnose(path, Path(tmp))


if __name__ == "__main__":
    main(sys.argv[1:])
