"""Building a document's text piece by piece while remembering where each piece came from."""

from __future__ import annotations

import re
import unicodedata

from pipeline.model import Segment

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
# Characters that carry no text: soft hyphen, zero-width space/joiners, BOM, bidi marks.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))
# PDF text layers often emit an accent as a separate spacing glyph next to its letter ("Petrovi´c").
_SPACING_TO_COMBINING = {
    "\u00b4": "\u0301",  # acute
    "\u02ca": "\u0301",
    "`": "\u0300",
    "\u02cb": "\u0300",
    "\u00a8": "\u0308",  # diaeresis
    "\u02c7": "\u030c",  # caron
    "\u02d8": "\u0306",  # breve
    "\u02da": "\u030a",  # ring
    "\u02dc": "\u0303",  # tilde
    "\u02c6": "\u0302",  # circumflex
    "\u00b8": "\u0327",  # cedilla
    "\u02db": "\u0328",  # ogonek
    "\u02d9": "\u0307",  # dot above
}
_ACCENT_BEFORE = re.compile("([" + "".join(_SPACING_TO_COMBINING) + r"]) ?([A-Za-z])")
_ACCENT_AFTER = re.compile("([A-Za-z])([" + "".join(k for k in _SPACING_TO_COMBINING if k != "`") + "])")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def _compose(letter: str, accent: str) -> str | None:
    composed = unicodedata.normalize("NFC", letter + _SPACING_TO_COMBINING[accent])
    return composed if len(composed) == 1 else None


def _recompose_before(match: re.Match[str]) -> str:
    return _compose(match.group(2), match.group(1)) or match.group(0)


def _recompose_after(match: re.Match[str]) -> str:
    return _compose(match.group(1), match.group(2)) or match.group(0)


def normalise_line(line: str, *, pdf: bool = False) -> str:
    """NFC text without ligatures, invisible characters or runs of spaces.

    With ``pdf=True`` spacing accents next to a letter are re-composed ("c\u02c7" -> "\u010d").
    """
    text = line.translate(_INVISIBLE)
    for ligature, letters in _LIGATURES.items():
        if ligature in text:
            text = text.replace(ligature, letters)
    if pdf:
        text = _ACCENT_BEFORE.sub(_recompose_before, text)
        text = _ACCENT_AFTER.sub(_recompose_after, text)
    text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text).strip()


def join_hyphenated(previous: str, following: str) -> bool:
    """True when ``previous`` ends with an end-of-line hyphenation of a word continued in ``following``."""
    return (
        len(previous) >= 2
        and previous.endswith("-")
        and previous[-2].isalpha()
        and previous[-2].islower()
        and following[:1].islower()
    )


class TextBuilder:
    """Appends text pieces and records, for each, the source page/line/column it came from."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._segments: list[Segment] = []
        self._length = 0

    @property
    def offset(self) -> int:
        return self._length

    def add(self, text: str, *, page: int, line: int, column: int = 1) -> tuple[int, int]:
        """Append source text; returns its (start, end) in the document text."""
        start = self._length
        if text:
            self._segments.append(Segment(start, start + len(text), page, line, column))
            self._parts.append(text)
            self._length += len(text)
        return start, self._length

    def add_gap(self, text: str) -> None:
        """Append separator text (spaces, blank lines) that has no source of its own."""
        self._parts.append(text)
        self._length += len(text)

    def add_lines(self, lines: list[tuple[str, int, int, int]]) -> tuple[int, int]:
        """Append the lines ``(text, page, line, column)`` of one paragraph, joining hyphenated words."""
        start = self._length
        previous = ""
        for text, page, line, column in lines:
            if not text:
                continue
            if previous:
                if join_hyphenated(previous, text):
                    self._drop_last_char()
                else:
                    self.add_gap(" ")
            self.add(text, page=page, line=line, column=column)
            previous = text
        return start, self._length

    def _drop_last_char(self) -> None:
        last = self._parts[-1]
        self._parts[-1] = last[:-1]
        self._length -= 1
        seg = self._segments[-1]
        if seg.end > self._length:
            self._segments[-1] = Segment(seg.start, self._length, seg.page, seg.line, seg.column)

    def build(self) -> tuple[str, tuple[Segment, ...]]:
        return "".join(self._parts), tuple(self._segments)
