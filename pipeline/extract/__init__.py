"""The extract stage: a draft file -> ``Document`` (text, sections, footnotes, reference entries).

Interface used by every later stage::

    document = extract_document(Path("sources/paper.pdf"))

Supported: ``.txt``, ``.md`` (text drafts), ``.pdf`` (pypdf), ``.xml``/``.nxml`` (JATS).
Bad input raises a subclass of ``pipeline.errors.InputError`` naming the file and the problem.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import EmptyInputError, InputError, TooLargeError, UnsupportedFormatError
from pipeline.extract.assemble import assemble
from pipeline.extract.decode import decode_text
from pipeline.extract.text import text_blocks
from pipeline.fileio import sha256_bytes, slugify
from pipeline.model import Document

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
PDF_SUFFIXES = (".pdf",)
XML_SUFFIXES = (".xml", ".nxml")
DRAFT_SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES + XML_SUFFIXES
MAX_BYTES = 200 * 1024 * 1024


def is_draft(path: Path) -> bool:
    return path.suffix.lower() in DRAFT_SUFFIXES and not path.name.startswith(".")


def extract_document(path: Path, *, doc_id: str | None = None) -> Document:
    """Extract one draft. ``doc_id`` defaults to a safe slug of the file name."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in DRAFT_SUFFIXES:
        raise UnsupportedFormatError(
            name, f"unknown file type {suffix or '(none)'!r}", "use .pdf, .txt, .md or JATS .xml"
        )
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TooLargeError(name, f"file is {size // 2**20} MB, above the {MAX_BYTES // 2**20} MB limit")
        data = path.read_bytes()
    except OSError as error:
        raise InputError(name, f"cannot read the file: {error.strerror or error}") from error
    if not data:
        raise EmptyInputError(name, "the file is empty (0 bytes)", "export the draft again")
    doc_id = doc_id or slugify(path.name)
    if suffix in PDF_SUFFIXES:
        from pipeline.extract.pdf import pdf_blocks

        blocks, page_count, warnings = pdf_blocks(data, name)
    elif suffix in XML_SUFFIXES:
        from pipeline.extract.jats import jats_blocks

        blocks, page_count, warnings = jats_blocks(data, name)
    else:
        text, warnings = decode_text(data, name)
        blocks = text_blocks(text, markdown=suffix != ".txt")
        page_count = text.count("\f") + 1
    return assemble(
        doc_id=doc_id,
        source=name,
        source_sha256=sha256_bytes(data),
        blocks=blocks,
        page_count=page_count,
        warnings=warnings,
    )
