"""Folding personal and organisation names for matching: Đurić = Djuric = Duric, case-insensitive."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode decomposition does not reduce to ASCII.
_SPECIAL = str.maketrans(
    {
        "đ": "d",
        "Đ": "d",
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
        "þ": "th",
        "ð": "d",
    }
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII with diacritics removed and punctuation collapsed to single spaces."""
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return _NON_ALNUM.sub(" ", text).strip()


def name_key(family: str) -> str:
    """Matching key of a family or organisation name: folded, spaces removed; "Dj" read as "D".

    Serbian and Croatian "Đ" is transliterated both "Dj" and "D", so both spellings get one key.
    """
    key = fold(family).replace(" ", "")
    return key.replace("dj", "d")
