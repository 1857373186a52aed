"""Where a container name (journal, proceedings, book of a chapter) stops inside the rest of a reference string.

A container is followed by its numbers ("12(3):3–4", "Vol. 9", "pp. 5"), by a place and publisher, by editors
("edited by", "R. Graham, Eds."), by a date or by a note ("to appear", "Special Issue"). The name itself may hold
commas only as a list of single words ("Systems, Man, and Cybernetics"; "Myth, Rulership, Church and Charters").
"""

from __future__ import annotations

import re

from pipeline.cite.refdates import MONTH_PATTERN

_NUMBERS_START = re.compile(
    r"[\s,.]*(?=\(?\b(?i:vol(?:ume)?|v|no|nr|n°|pp?|pages|bd|t|sec|chap)\.?\s*(?:\d|[IVXL]+\b))"
    r"|[\s,.]*(?=\b[A-Z]?\d+(?:\.\d+)?\s*(?:\(|:|,|;|\.(?:\s|$)|$|\s+\d|\s+" + MONTH_PATTERN + r"))"
    r"|[\s,.]*(?=\b[IVXL]+\s*[:(]\s*\d)"
    r"|,?\s*\((?=[^()]*:|\s*(?:\d|pp?\.|[Ee]ds?\b|[Ee]ditors?\b)|[^()]*\b(?:Press|eds?\.)[^()]*\))"
    r"|,?\s+(?=" + MONTH_PATTERN + r"\s*(?:\(|\d|$))"
    r"|,\s+(?=[A-Z][a-z]+(?:[ ,]+[A-Z]\w*){0,2}\s*:\s)")
_SENTENCE_END = re.compile(r"(?<=\w)\.\s+(?=[A-Z])")
_ABBREVIATION = re.compile(r"[A-Z][a-z]{0,6}\.")
_LIST_WORD = re.compile(r"[A-Z][\w’'-]*(?=,?\s+(?:and|&)\s|,\s+[A-Z][\w’'-]*,?\s+(?:and|&)\s)")


def container_end(rest: str) -> int:
    """Where the container stops: numbers, "(Place:", a comma that does not continue a list, or a sentence end."""
    match = _NUMBERS_START.search(rest)
    end = match.start() if match else len(rest)
    end = min(end, comma_end(rest, end))
    for stop in _SENTENCE_END.finditer(rest, 0, end):
        word = re.search(r"[^\W\d_]+$", rest[:stop.start()])
        following = rest[stop.end():].split(" ", 1)[0]
        if word and _ends_sentence(word.group(0)) and not _ABBREVIATION.fullmatch(following):
            return stop.start()
    return end


def _ends_sentence(word: str) -> bool:
    return len(word) >= 8 or (word.islower() and len(word) >= 4)


def comma_end(rest: str, limit: int) -> int:
    """The first ", " before ``limit`` that is not inside a list of single words or followed by a lower-case word."""
    for comma in re.finditer(r",\s+", rest[:limit]):
        after = rest[comma.end():]
        if after[:1].islower() or re.match(r"(?:and|&)\s", after) or _LIST_WORD.match(after):
            continue
        return comma.start()
    return limit
