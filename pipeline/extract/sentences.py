"""A rule-based sentence splitter tuned for scholarly prose (abbreviations, initials, citations).

It never splits inside parentheses or brackets, so a citation such as "(Ibid., p. 7)" stays in the sentence
that carries it.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    [
        "al", "e.g", "i.e", "cf", "vs", "etc", "no", "nos", "vol", "vols", "pp", "p", "ed", "eds", "eg", "ie", "fig",
        "figs", "eq", "eqs", "ch", "chap", "sec", "dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "inc", "ltd",
        "co", "corp", "dept", "univ", "approx", "ca", "resp", "viz", "op", "cit", "ibid", "id", "art", "para", "n.d",
        "nd", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "suppl", "ref",
        "refs", "mt", "gen", "col", "lt", "capt", "sgt", "u.s", "u.k", "u.n", "e.u",
    ]
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9\u0400-\u042f\u00c0-\u024f])")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")


def _is_abbreviation(text: str, period_at: int) -> bool:
    match = _WORD_BEFORE.search(text, max(0, period_at - 20), period_at + 1)
    if not match:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():  # an initial: "B. Gryzlov"
        return True
    return word.lower().rstrip(".") in ABBREVIATIONS


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` (absolute offsets) of ``text[start:end]``, whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    depth = 0
    sentence_start = start
    position = start
    for match in _BOUNDARY.finditer(text, start, end):
        depth = max(0, depth + _depth_change(text, position, match.start()))
        position = match.start()
        if depth > 0:
            continue
        punct_end = match.end()
        if text[match.start()] == "." and _is_abbreviation(text, match.start()):
            continue
        depth = max(0, depth + _depth_change(text, position, punct_end))
        position = punct_end
        spans.append((sentence_start, punct_end))
        sentence_start = punct_end
    if sentence_start < end:
        spans.append((sentence_start, end))
    return [span for span in (_trim(text, s, e) for s, e in spans) if span[0] < span[1]]


def _depth_change(text: str, start: int, end: int) -> int:
    chunk = text[start:end]
    return chunk.count("(") + chunk.count("[") - chunk.count(")") - chunk.count("]")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
