"""The hostile-input corpus, run through the batch runner: every bad file gets a clear message, the batch goes
on, exit code 2, nothing half-written, and nothing unbounded."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from pipeline.cli import main

GOOD = (
    "A Short Paper\n\nBody text cites a work (Smith, 2020) and Vladimir Putin met Alexander Lukashenko.\n\n"
    "REFERENCES\n\n- Smith, J. (2020). A book about things. Publisher.\n"
)


def _pdf_bytes(pages: int = 1, text: str | None = "Hello world") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for _ in range(pages):
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 6, text)
        else:
            pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf_bytes())))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _huge_pdf(pages: int = 5000) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def build_hostile_corpus(folder: Path) -> dict[str, str]:
    """Write the corpus; returns file name -> a word the error message must contain ("" = must succeed)."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}

    def put(name: str, data: bytes | str, word: str) -> None:
        (folder / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expected[name] = word

    put("encrypted.pdf", _encrypted_pdf(), "encrypted")
    put("truncated.pdf", _pdf_bytes(3)[:400], "pdf")
    put("image-only.pdf", _pdf_bytes(2, text=None), "text")
    put("huge.pdf", _huge_pdf(), "pages")
    put("zero.txt", b"", "empty")
    put("binary.txt", bytes(range(256)) * 64, "binary")
    put("legacy-cp1250.txt", GOOD.replace("Smith", "Đurić").encode("cp1250"), "")
    put("legacy-cp1251.txt", ("Статья\n\n" + GOOD).encode("cp1251"), "")
    put("no-references.txt", "Title\n\nA draft with no reference list at all (Smith, 2020).\n", "")
    put("references-only.txt", "REFERENCES\n\n- Smith, J. (2020). A book. Publisher.\n", "")
    authors = "; ".join(f"Author{i}, {2000 + i % 20}" for i in range(10_000))
    put("ten-thousand-authors.txt", f"Title\n\nA claim ({authors}).\n\nREFERENCES\n\n- Author0, A. (2000). T. P.\n", "")
    put(
        "nested.txt",
        "Title\n\n" + "(" * 5000 + "deep (Smith, 2020)" + ")" * 5000 + "\n\n" + GOOD.split("\n\n", 1)[1],
        "",
    )
    put(
        "bidi-zero-width.txt",
        "Title\n\nמאמר \u202eevil\u202c te\u200bxt by Put\u200bin (Smith, 2020).\n\n"
        "REFERENCES\n\n- Smith, J. (2020). A book. Publisher.\n",
        "",
    )
    put("good.txt", GOOD, "")
    put("bib-only.txt", "Title\n\nA draft whose references live in BibTeX (Smith, 2020).\n", "")
    put("bib-only.bib", "@book{smith, author = {Smith, J.}, title = {Broken", "")
    return expected


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    expected = build_hostile_corpus(root / "drafts")
    return root, expected


def test_hostile_corpus_each_bad_file_named_batch_continues(hostile_run, capsys):
    root, expected = hostile_run
    code = main(
        ["run", str(root / "drafts"), "--annotations", str(root / "ann"), "--outputs", str(root / "out"), "--quiet"]
    )
    err = capsys.readouterr().err
    assert code == 2
    lines = err.splitlines()
    for name, word in expected.items():
        if name.endswith(".bib"):
            continue
        mentions = [line for line in lines if name in line]
        if word:
            assert mentions, f"no message for {name}"
            assert word in mentions[0].lower(), mentions[0]
        else:
            assert not mentions, f"unexpected error for {name}: {mentions}"
            doc_id = name.rsplit(".", 1)[0]
            annotation = json.loads((root / "ann" / f"{doc_id}.json").read_text(encoding="utf-8"))
            assert annotation["document"]["id"] == doc_id


def test_hostile_corpus_leaves_no_temporary_files(hostile_run):
    root, _expected = hostile_run
    leftovers = [p for p in root.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_hostile_corpus_zero_width_and_bidi_removed(hostile_run):
    root, _expected = hostile_run
    annotation = json.loads((root / "ann" / "bidi-zero-width.json").read_text(encoding="utf-8"))
    assert "\u200b" not in annotation["text"] and "\u202e" not in annotation["text"]
    assert "Putin" in annotation["text"]
