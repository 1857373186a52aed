"""PDF extraction on the real PDFs of corpus-dev, on a PDF rendition of the seed paper, and on bad input."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from pipeline.errors import CorruptPDFError, EncryptedPDFError, NoTextLayerError, TooLargeError
from pipeline.extract import extract_document
from pipeline.extract.pdf import pdf_blocks
from pipeline.model import Document, SectionKind

REAL_PDFS = [
    "acl-2020.acl-main.207",
    "acl-2020.acl-main.447",
    "elife-00353-v1",
    "elife-13833-poa-manuscript",
    "hindawi-rrp-2010-157939",
]
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@pytest.fixture(scope="module")
def pdf_dir(shared_dir: Path) -> Path:
    return shared_dir / "corpus-dev" / "pdf"


@pytest.fixture(scope="module")
def real(pdf_dir: Path) -> dict[str, Document]:
    return {name: extract_document(pdf_dir / f"{name}.pdf") for name in REAL_PDFS}


def section_text(document: Document, kind: SectionKind) -> str:
    return "\n".join(document.text[s.start : s.end] for s in document.sections if s.kind == kind)


@pytest.mark.parametrize("name", REAL_PDFS)
def test_pdf_real_papers_extract_with_body(real: dict[str, Document], pdf_dir: Path, name: str) -> None:
    document = real[name]
    assert document.page_count == len(PdfReader(pdf_dir / f"{name}.pdf").pages)
    assert len(section_text(document, SectionKind.BODY)) > 3000


def test_pdf_acl_reference_count_matches_grobid(real: dict[str, Document], pdf_dir: Path) -> None:
    tei = (pdf_dir / "acl-2020.acl-main.207.grobid.tei.xml").read_text(encoding="utf-8")
    silver = len(re.findall(r'<biblStruct[^>]*xml:id="b\d+"', tei))
    entries = real["acl-2020.acl-main.207"].reference_entries
    assert abs(len(entries) - silver) <= 3
    first = real["acl-2020.acl-main.207"].text[entries[0].start : entries[0].end]
    assert first.startswith("Anant K. Agarwal") and first.endswith("In WSDM.")


def test_pdf_second_acl_paper_reference_list_stops_before_the_appendix(real: dict[str, Document]) -> None:
    """S2ORC (ACL 2020): 55 entries, then lettered appendix sections ("A Background & Terminology")."""
    document = real["acl-2020.acl-main.447"]
    texts = [document.text[e.start : e.end] for e in document.reference_entries]
    assert 50 <= len(texts) <= 60
    assert all(re.search(r"(19|20)\d\d", text) for text in texts)  # whole entries, each with its year
    assert texts[-1].startswith("Xiao Yu") and texts[-1].endswith("In SDM.")
    appendix = document.text.index("A Background & Terminology")
    assert document.section_of(appendix).kind != SectionKind.REFERENCES


def test_pdf_hindawi_numbered_references_in_order(real: dict[str, Document]) -> None:
    labels = [entry.label for entry in real["hindawi-rrp-2010-157939"].reference_entries]
    assert len(labels) >= 15
    assert labels == [str(n) for n in range(1, len(labels) + 1)]


def test_pdf_elife_feature_has_no_reference_list(real: dict[str, Document]) -> None:
    document = real["elife-00353-v1"]
    assert document.reference_entries == ()
    assert "tricking the universe into paying you a salary" in section_text(document, SectionKind.BODY)


def test_pdf_running_heads_and_page_numbers_dropped(real: dict[str, Document]) -> None:
    acl = section_text(real["acl-2020.acl-main.207"], SectionKind.BODY)
    assert not re.search(r"\b22(7\d|8[0-2])\b", acl)  # the page numbers 2270-2282
    assert "Proceedings of the 58th Annual Meeting" not in real["acl-2020.acl-main.207"].text
    hindawi = real["hindawi-rrp-2010-157939"].text
    assert hindawi.count("Rehabilitation Research and Practice") == 1  # journal line on page 1 only
    elife = real["elife-00353-v1"].text
    assert "eLife 2012;1:e00353" not in elife and "1 of 2" not in elife


def test_pdf_acl_footnotes_separated_with_anchors(real: dict[str, Document]) -> None:
    document = real["acl-2020.acl-main.207"]
    markers = [footnote.marker for footnote in document.footnotes]
    assert [m for m in markers if m.isdigit()] == [str(n) for n in range(1, 19)]
    first = next(f for f in document.footnotes if f.marker == "1")
    assert document.text[first.start : first.end] == "https://github.com/allenai/specter"
    assert first.anchor is not None and document.text[first.anchor - 10 : first.anchor] == "benchmark."
    assert "https://github.com/allenai/specter" not in section_text(document, SectionKind.BODY)


def test_pdf_two_columns_read_left_then_right(real: dict[str, Document]) -> None:
    body = section_text(real["acl-2020.acl-main.207"], SectionKind.BODY)
    # page 1: the left column ends "...representing individual words", the right one starts "or sentences, ..."
    assert "are widely used for representing individual words or sentences, extensions to whole-document" in body
    hindawi = section_text(real["hindawi-rrp-2010-157939"], SectionKind.BODY)
    assert "A further complication is that many patients are never told they have heart failure" in hindawi


def test_pdf_indented_lines_that_go_on_stay_one_paragraph(real: dict[str, Document]) -> None:
    """A list item's lines hang under its first word and an interview quotation is indented as a whole: each line
    is indented, yet they are one paragraph (a citation broken over two of them used to be lost)."""
    def paragraph_with(document: Document, words: str) -> str:
        texts = (document.text[p.start : p.end] for p in document.paragraphs)
        return next(text for text in texts if words in text)

    item = paragraph_with(real["acl-2020.acl-main.447"], "Vocab:")
    assert item.startswith("• Vocab: Following Beltagy et al. (2019), we construct a cased WordPiece (Wu et al., 2016)")
    assert item.endswith("vocabularies is 0.536.")
    quote = paragraph_with(real["hindawi-rrp-2010-157939"], "I thought that maybe")
    assert "this thing will creep up behind me some day" in quote and quote.endswith("(Centre A, R4).")
    affiliations = real["elife-13833-poa-manuscript"]
    assert paragraph_with(affiliations, "Neuroscience Program").startswith("2. Neuroscience Program")


def test_pdf_manuscript_line_numbers_stripped(real: dict[str, Document]) -> None:
    document = real["elife-13833-poa-manuscript"]
    assert "How movements are selected is a fundamental question in systems neuroscience. While many studies" in (
        document.text
    )
    assert [s.kind for s in document.sections][:3] == [SectionKind.TITLE, SectionKind.FRONT, SectionKind.ABSTRACT]
    entries = document.reference_entries
    assert 40 <= len(entries) <= 60
    assert document.text[entries[0].start : entries[0].end].startswith("Azulay, J.P., Mesure, S.")


def test_pdf_acl_title_and_abstract(real: dict[str, Document]) -> None:
    document = real["acl-2020.acl-main.207"]
    assert section_text(document, SectionKind.TITLE).startswith("SPECTER: Document-level Representation Learning")
    assert "We propose SPECTER, a new method" in section_text(document, SectionKind.ABSTRACT)


# --- the seed paper rendered as a PDF -------------------------------------------------------------------------

_SEED_FOOTNOTE = re.compile(r"^(?P<marker>[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\^\{[^}]+\})\s*(?P<text>.*)$")


def _seed_parts(seed: str) -> tuple[str, list[tuple[str, str]], list[str]]:
    """Title, body items ("p"/"h", text) with footnotes ("f", marker + text) in page order, and references."""
    blocks = [block.strip() for block in seed.split("\n\n") if block.strip()]
    title, rest = blocks[0], blocks[1:]
    references_at = next(i for i, block in enumerate(rest) if block == "REFERENCES")
    items: list[tuple[str, str]] = []
    for block in rest[:references_at]:
        note = _SEED_FOOTNOTE.match(block)
        if note:
            marker = note.group("marker").translate(str.maketrans("¹²³⁴⁵⁶", "123456")).strip("^{}")
            items.append(("f", f"{marker}\t{note.group('text')}"))
        else:
            items.append(("h" if block.isupper() else "p", block))
    references = [line.removeprefix("- ").strip() for block in rest[references_at + 1 :] for line in block.splitlines()]
    return title, items, [r for r in references if r]


def _seed_pdf(seed: str) -> tuple[bytes, int, int]:
    """The seed as a one-column PDF: footnotes in 8 pt at the foot of the page that cites them, markers raised."""
    pdf = FPDF(format="A4", unit="pt")
    unicode_font = (DEJAVU / "DejaVuSerif.ttf").exists() and (DEJAVU / "DejaVuSerif-Bold.ttf").exists()
    if unicode_font:
        pdf.add_font("serif", "", str(DEJAVU / "DejaVuSerif.ttf"))
        pdf.add_font("serif", "B", str(DEJAVU / "DejaVuSerif-Bold.ttf"))
        family, prepare = "serif", str
    else:  # core fonts are latin-1 only: transliterate (Đ -> D, ć -> c)
        family = "times"

        def prepare(text: str) -> str:
            text = text.replace("Đ", "D").replace("đ", "d")
            return unicodedata.normalize("NFKD", text).encode("latin-1", "ignore").decode("latin-1")

    pdf.set_margins(72, 72, 72)
    pdf.set_auto_page_break(True, margin=170)  # the foot of each page is kept for footnotes
    title, items, references = _seed_parts(seed)
    pdf.add_page()
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(0, 20, prepare(title))
    pdf.ln(12)
    footnotes = 0
    for kind, text in items:
        if kind == "f":
            marker, note = text.split("\t", 1)
            _footnote(pdf, family, prepare(marker), prepare(note))
            footnotes += 1
            pdf.add_page()
        else:
            pdf.set_font(family, "B" if kind == "h" else "", 11)
            pdf.multi_cell(0, 14, prepare(text))
            pdf.ln(8)
    pdf.add_page()
    pdf.set_font(family, "B", 11)
    pdf.multi_cell(0, 14, "REFERENCES")
    pdf.ln(6)
    pdf.set_font(family, "", 10)
    for reference in references:
        pdf.multi_cell(0, 12, prepare(reference))
        pdf.ln(6)
    return bytes(pdf.output()), footnotes, len(references)


def _footnote(pdf: FPDF, family: str, marker: str, text: str) -> None:
    top = pdf.h - 150
    pdf.set_auto_page_break(False)
    pdf.set_font(family, "", 5.5)
    pdf.text(72, top + 7, marker)  # raised: the note's first baseline is about 9 pt below ``top``
    pdf.set_font(family, "", 8)
    pdf.set_xy(80, top)
    pdf.multi_cell(pdf.w - 152, 10, text)
    pdf.set_auto_page_break(True, margin=170)


@pytest.fixture(scope="module")
def seed_pdf(shared_dir: Path) -> tuple[bytes, int, int]:
    return _seed_pdf((shared_dir / "papers" / "csto-perspectives.txt").read_text(encoding="utf-8"))


def test_pdf_seed_rendition_body_footnotes_references(seed_pdf: tuple[bytes, int, int], tmp_path: Path) -> None:
    data, footnote_count, reference_count = seed_pdf
    assert reference_count == 25
    path = tmp_path / "csto.pdf"
    path.write_bytes(data)
    document = extract_document(path)
    assert len(document.reference_entries) == 25
    entries = [document.text[e.start : e.end] for e in document.reference_entries]
    assert entries[0].startswith(("Bardžić, Ž., Đurić, D. (2016).", "Bardzic, Z., Duric, D. (2016)."))
    assert entries[-1].startswith(("Tošić Malešević, N. (2017).", "Tosic Malesevic, N. (2017)."))
    assert len(document.footnotes) == footnote_count == 7
    assert [f.marker for f in document.footnotes] == ["*", "1", "2", "3", "4", "5", "6"]
    second = document.footnotes[1]
    assert document.text[second.start : second.end] == "Hence, the Tashkent Pact, as the Treaty is sometimes called."
    body = section_text(document, SectionKind.BODY)
    assert "Tashkent Pact" not in body
    assert "The CSTO establishment was fazed." in body
    assert section_text(document, SectionKind.TITLE).startswith("PERSPECTIVES AND CHALLENGES OF THE COLLECTIVE")


# --- bad input ------------------------------------------------------------------------------------------------


def _fpdf_with_rectangle() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def _encrypted(source: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(source)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_encrypted_with_password_is_refused(pdf_dir: Path) -> None:
    data = _encrypted((pdf_dir / "elife-00353-v1.pdf").read_bytes(), "secret")
    with pytest.raises(EncryptedPDFError, match=r"locked\.pdf.*password"):
        pdf_blocks(data, "drafts/locked.pdf")


def test_pdf_encrypted_with_empty_password_opens(pdf_dir: Path) -> None:
    data = _encrypted((pdf_dir / "elife-00353-v1.pdf").read_bytes(), "")
    blocks, pages, _ = pdf_blocks(data, "drafts/open.pdf")
    assert pages == 2 and any(b.kind == SectionKind.BODY for b in blocks)


def test_pdf_truncated_is_corrupt(pdf_dir: Path) -> None:
    data = (pdf_dir / "hindawi-rrp-2010-157939.pdf").read_bytes()
    with pytest.raises(CorruptPDFError, match=r"half\.pdf.*truncated"):
        pdf_blocks(data[: len(data) // 2], "drafts/half.pdf")


def test_pdf_image_only_needs_ocr() -> None:
    with pytest.raises(NoTextLayerError, match=r"scan\.pdf.*OCR"):
        pdf_blocks(_fpdf_with_rectangle(), "drafts/scan.pdf")


def test_pdf_garbage_bytes_are_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "garbage.pdf"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(CorruptPDFError, match=r"garbage\.pdf.*not a readable PDF"):
        extract_document(path)


def test_pdf_absurd_page_count_is_too_large() -> None:
    writer = PdfWriter()
    for _ in range(2001):
        writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(TooLargeError, match=r"huge\.pdf.*2001 pages"):
        pdf_blocks(buffer.getvalue(), "drafts/huge.pdf")


def test_pdf_repairs_by_pypdf_are_the_files_warnings_not_stray_stderr(pdf_dir: Path, capsys) -> None:
    """A wrong startxref pointer is repaired by pypdf, which logs it; that line names no file, so it belongs in
    the document's warnings, not on stderr."""
    data = (pdf_dir / "elife-00353-v1.pdf").read_bytes()
    pointer = list(re.finditer(rb"startxref\s+(\d+)", data))[-1]
    damaged = data[: pointer.start(1)] + str(int(pointer.group(1)) + 7).encode() + data[pointer.end(1) :]
    _blocks, pages, warnings = pdf_blocks(damaged, "drafts/repaired.pdf")
    assert pages == 2
    assert any(w.startswith("pypdf: incorrect startxref pointer") for w in warnings)
    assert "startxref" not in capsys.readouterr().err
    assert pdf_blocks(data, "drafts/intact.pdf")[2] == []
