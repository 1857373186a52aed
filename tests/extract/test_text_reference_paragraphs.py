"""Text drafts: reference lists with one entry per paragraph, and the seed paper unchanged."""

from __future__ import annotations

from pathlib import Path

from pipeline.extract import extract_document
from pipeline.extract.text import text_blocks
from pipeline.model import SectionKind


def _entries(text: str) -> list[str]:
    blocks = text_blocks(text)
    return [" ".join(t for t, *_ in b.lines) for b in blocks if b.kind == SectionKind.REFERENCES and not b.heading]


def test_text_references_one_entry_per_paragraph() -> None:
    draft = (
        "Title\n\nBody text.\n\nReferences\n\n"
        "Adler J, Tso WW. 1974. Decision-making. Science 184:1292. DOI: https://doi.org/10.1126/science.184\n\n"
        "de Vries H, Smith A. 2001. Lowercase particle. Nature 1:2.\n\n"
        "van der Berg K. 2002. Another. Cell 3:4. https://doi.org/10.1/x\n\n"
        "Zhang Y. 2003. Wrapped over\ntwo lines. J 5:6."
    )
    assert _entries(draft) == [
        "Adler J, Tso WW. 1974. Decision-making. Science 184:1292. DOI: https://doi.org/10.1126/science.184",
        "de Vries H, Smith A. 2001. Lowercase particle. Nature 1:2.",
        "van der Berg K. 2002. Another. Cell 3:4. https://doi.org/10.1/x",
        "Zhang Y. 2003. Wrapped over two lines. J 5:6.",
    ]


def test_text_references_paragraph_cut_mid_phrase_continues() -> None:
    draft = "Title\n\nBody.\n\nReferences\n\nSmith, A. (2001). A title,\n\nin: Book. Publisher.\n\nJones, B. (2002). X."
    assert _entries(draft) == ["Smith, A. (2001). A title, in: Book. Publisher.", "Jones, B. (2002). X."]


def test_text_seed_paper_extraction_unchanged(shared_dir: Path) -> None:
    document = extract_document(shared_dir / "papers" / "csto-perspectives.txt")
    assert len(document.footnotes) == 7
    assert len(document.reference_entries) == 25
    assert "Sadyr Japarov" in document.text
