"""Decoding text drafts: UTF-8 first, then the legacy code pages common in the seed's region."""

from __future__ import annotations

from pipeline.errors import EmptyInputError, EncodingError, InputError

_CYRILLIC = range(0x0400, 0x0500)


def decode_text(data: bytes, path: str) -> tuple[str, list[str]]:
    """The text of a draft and any warning about how it was decoded.

    Raises ``InputError`` for empty or binary files and ``EncodingError`` when no encoding fits.
    """
    if not data.strip():
        raise EmptyInputError(path, "the file is empty", "export the draft again")
    if _looks_binary(data):
        raise InputError(path, "this is binary data, not text", "check the file type or extension")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    for encoding in (_guess_legacy(data), "cp1250", "cp1251"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, [f"not UTF-8: decoded as {encoding}; save the draft as UTF-8 to be sure"]
    raise EncodingError(path, "the text is neither UTF-8, cp1250 nor cp1251", "save the draft as UTF-8")


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    control = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return control > len(sample) * 0.05


def _guess_legacy(data: bytes) -> str:
    """cp1251 when its reading is mostly Cyrillic letters, else cp1250 (Central European Latin)."""
    as_cyrillic = data.decode("cp1251", errors="replace")
    letters = [c for c in as_cyrillic if c.isalpha()]
    cyrillic = sum(1 for c in letters if ord(c) in _CYRILLIC)
    return "cp1251" if letters and cyrillic / len(letters) > 0.3 else "cp1250"
