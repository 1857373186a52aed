"""Acronym definitions (Schwartz & Hearst 2003) and initials matching, as small pure functions.

``find_abbreviations`` finds both "long form (SF)" and "SF (long form)". Deviation from the paper: a short form
needs at least two capital letters, so that glosses such as "(forces)" or "(Standing)" are never read as acronyms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.names import fold

_PARENTHESIS = re.compile(r"\(([^()\n]{1,200})\)")
_LAST_WORD = re.compile(r"(\S+)\s*$")
_WORD = re.compile(r"\S+")
_QUOTES = "\"'‘’“”«» "
_NOT_PROSE = re.compile(r"[@/_=+<>()\[\]{}|\\]")
# A long form never reaches back over a sentence or clause end.
_CLAUSE_END = re.compile(r"[;:!?\n]|\.\s")
# Words an acronym may skip: "Commonwealth of Independent States" -> CIS.
SKIPPED_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "de", "la", "du", "des", "&"})
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&-]{1,7}$")


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """A defined acronym; spans are ``(start, end)`` offsets into the text that was searched."""

    short: str
    long: str
    short_span: tuple[int, int]
    long_span: tuple[int, int]


def find_abbreviations(text: str) -> list[Abbreviation]:
    """Every acronym defined in ``text`` with a parenthesis, in text order."""
    found: list[Abbreviation] = []
    for match in _PARENTHESIS.finditer(text):
        inner_start, inner_end = _stripped_span(text, match.start(1), match.end(1))
        inner = text[inner_start:inner_end]
        if is_short_form(inner):
            definition = _long_form_before(text, match.start(), inner, (inner_start, inner_end))
        else:
            definition = _short_form_before(text, match.start(), inner, (inner_start, inner_end))
        if definition is not None:
            found.append(definition)
    return found


def is_short_form(candidate: str) -> bool:
    """2-10 characters, at most two words, starts with a letter or digit, at least two capitals."""
    return (
        2 <= len(candidate) <= 10
        and len(candidate.split()) <= 2
        and candidate[0].isalnum()
        and sum(c.isupper() for c in candidate) >= 2
    )


def is_acronym(text: str) -> bool:
    """An all-capitals token such as "CSTO", "CIS" or "COVID-19" (at least two capitals)."""
    return bool(ACRONYM.match(text)) and sum(c.isupper() for c in text) >= 2


def best_long_form(short: str, candidate: str) -> int | None:
    """Where in ``candidate`` the long form of ``short`` starts, or None (Schwartz & Hearst's matching).

    Every letter or digit of ``short`` must appear in order, scanning right to left, and the first one must
    start a word of ``candidate``.
    """
    s_index = len(short) - 1
    c_index = len(candidate) - 1
    while s_index >= 0:
        char = short[s_index].lower()
        if not char.isalnum():
            s_index -= 1
            continue
        while c_index >= 0 and (
            candidate[c_index].lower() != char
            or (s_index == 0 and c_index > 0 and candidate[c_index - 1].isalnum())
        ):
            c_index -= 1
        if c_index < 0:
            return None
        c_index -= 1
        s_index -= 1
    return candidate.rfind(" ", 0, c_index + 1) + 1


def initials(long_form: str, *, skip_function_words: bool) -> str:
    """Lower-case first letters of the words of ``long_form`` ("Anti-Terrorist" counts as one word)."""
    words = [w for w in fold(long_form.replace("-", "")).split() if w]
    if skip_function_words:
        words = [w for w in words if w not in SKIPPED_WORDS]
    return "".join(w[0] for w in words)


def spells_acronym(acronym: str, long_form: str) -> bool:
    """Do the initials of ``long_form`` spell ``acronym`` ("Shanghai Cooperation Organization" -> SCO)?"""
    letters = acronym_letters(acronym)
    return bool(letters) and letters in name_initials(long_form)


def acronym_letters(acronym: str) -> str:
    """The letters an undefined acronym must be spelt by: "" for one with digits ("UW101" is a strain, not
    "University of Washington")."""
    letters = acronym.replace("-", "").replace("&", "").lower()
    return letters if letters.isalpha() and len(letters) >= 2 else ""


def name_initials(long_form: str) -> frozenset[str]:
    """The acronyms ``long_form`` may stand for, with and without its function words ("cis", "cois").

    Only a capitalised name of two or more words, free of acronyms, has any: "united systems" and
    "UN Secretariat" spell nothing.
    """
    words = long_form.split()
    if len(words) < 2 or any(is_acronym(w) or not w[0].isupper() for w in words if w.lower() not in SKIPPED_WORDS):
        return frozenset()
    return frozenset({initials(long_form, skip_function_words=True), initials(long_form, skip_function_words=False)})


def _long_form_before(text: str, paren_start: int, short: str, short_span: tuple[int, int]) -> Abbreviation | None:
    """The "long form (SF)" case: look back at most min(|SF| + 5, 2 |SF|) words before the parenthesis."""
    window_start = _window_start(text, paren_start, min(len(short) + 5, 2 * len(short)))
    candidate = text[window_start:paren_start].rstrip()
    offset = best_long_form(short, candidate)
    if offset is None:
        return None
    long_start = window_start + offset
    long_end = window_start + len(candidate)
    return _checked(short, short_span, text[long_start:long_end], (long_start, long_end))


def _short_form_before(text: str, paren_start: int, inner: str, inner_span: tuple[int, int]) -> Abbreviation | None:
    """The "SF (long form)" case: the word before the parenthesis is the short form."""
    before = _LAST_WORD.search(text, max(0, paren_start - 12), paren_start)
    if before is None or not is_short_form(before.group(1)):
        return None
    short = before.group(1)
    if len(inner.split()) > min(len(short) + 5, 2 * len(short)):
        return None
    offset = best_long_form(short, inner)
    if offset is None:
        return None
    long_span = (inner_span[0] + offset, inner_span[1])
    return _checked(short, (before.start(1), before.end(1)), text[long_span[0] : long_span[1]], long_span)


def _checked(short: str, short_span: tuple[int, int], long: str, long_span: tuple[int, int]) -> Abbreviation | None:
    """Strip quotes around the long form; reject one no longer than the acronym, containing it as a word, or
    not made of words (an e-mail address, a formula: "m/z calcd for C17H36NO5S (M-H)")."""
    stripped = long.strip(_QUOTES)
    long_span = (long_span[0] + long.index(stripped), long_span[0] + long.index(stripped) + len(stripped))
    if len(stripped) <= len(short) or short.lower() in stripped.lower().split() or _NOT_PROSE.search(stripped):
        return None
    return Abbreviation(short=short, long=stripped, short_span=short_span, long_span=long_span)


def _window_start(text: str, end: int, max_words: int) -> int:
    """Start of the last ``max_words`` words before ``end``, not crossing a clause end."""
    clause_start = max(0, end - 300)
    for clause_end in _CLAUSE_END.finditer(text, clause_start, end):
        clause_start = clause_end.end()
    words = list(_WORD.finditer(text, clause_start, end))
    return words[-max_words].start() if len(words) >= max_words else clause_start


def _stripped_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
