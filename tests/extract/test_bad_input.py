"""Every kind of bad text input gets one clear error naming the file and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import EmptyInputError, InputError, UnsupportedFormatError
from pipeline.extract import extract_document

SERBIAN = "Đurić i Petrović su pisali o čudnoj šumi. Žene su došle.\n"
RUSSIAN = "Организация Договора о коллективной безопасности была создана в 2002 году.\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "error", "words"),
    [
        ("empty.txt", b"", EmptyInputError, "empty"),
        ("blank.md", b"  \n\n ", EmptyInputError, "empty"),
        ("garbage.txt", bytes(range(256)) * 40, InputError, "binary"),
        ("draft.docx", b"PK\x03\x04", UnsupportedFormatError, "unknown file type"),
    ],
)
def test_bad_input_message_names_file_and_problem(tmp_path, name, data, error, words):
    path = _write(tmp_path, name, data)
    with pytest.raises(error) as raised:
        extract_document(path)
    assert str(path) in str(raised.value)
    assert words in str(raised.value)


@pytest.mark.parametrize(("encoding", "text"), [("cp1250", SERBIAN), ("cp1251", RUSSIAN)])
def test_bad_input_legacy_code_pages_are_decoded_with_a_warning(tmp_path, encoding, text):
    path = _write(tmp_path, f"legacy-{encoding}.txt", ("Title\n\n" + text).encode(encoding))
    document = extract_document(path)
    assert text.strip() in document.text
    assert any(encoding in warning for warning in document.warnings)


def test_bad_input_document_id_is_a_safe_slug(tmp_path):
    path = _write(tmp_path, "..Évil name; rm -rf.txt", b"Title\n\nSome text.\n")
    document = extract_document(path)
    assert document.id == "evil-name-rm-rf"
