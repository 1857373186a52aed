"""Tokens of a reference string and the features the field tagger reads for each of them.

Tokens are the whitespace-separated words of the string, punctuation attached (as AnyStyle and ParsCit tokenise):
the punctuation around a word ("Title." "(2010)." "12(3):" "In") is most of what tells fields apart. Each token is
described by its own form, its neighbours', where it sits (inside quotes or parentheses, after the year, how many
sentences in), the style of the whole string (quoted title, year in parentheses, "In", where the year is) and which
field the rule parser gave it (``hints``), so the model learns when to trust the rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.cite.refdates import MONTHS

_WORD_CORE = re.compile(r"^[\W_]*(?P<core>.*?)[\W_]*$")
_YEAR = re.compile(r"^[(\[]?(?:1[5-9]\d\d|20\d\d)[a-z]?[)\]]?[.,;:]*$")
_RANGE = re.compile(r"^\(?[A-Za-z]?\d+[-–—]+[A-Za-z]?\d+\)?[.,;:]*$")
_VOLUME_ISSUE = re.compile(r"^\d+\s*\(\d[\w/–-]*\)[.,;:]*$|^\d+[A-Za-z]?(?:\([\w/–-]+\))?:[A-Za-z]?\d+")
_INITIALS = re.compile(r"^(?:[A-Z]\.-?)+,?$|^[A-Z]{1,3},?$|^[A-Z]\.?-[A-Z]\.,?$")
_SHAPE_CHARS = str.maketrans(
    {**{c: "X" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}, **{c: "x" for c in "abcdefghijklmnopqrstuvwxyz"},
     **{c: "d" for c in "0123456789"}})
_OPEN_QUOTES, _CLOSE_QUOTES = "“«„\"‘`", "”»\"’'"

# Words that signal a field, folded to lower case without punctuation.
LEXICON = {
    "editor": {"ed", "eds", "editor", "editors", "edited", "hrsg", "hg", "dir", "coord", "trans", "translated"},
    "in": {"in", "dans", "en", "im"},
    "pages": {"p", "pp", "pages", "page", "s", "str"},
    "volume": {"vol", "volume", "vols", "no", "nr", "issue", "iss", "v", "n", "bd", "t", "heft", "suppl", "jg"},
    "publisher": {"press", "university", "publisher", "publishers", "publishing", "verlag", "inc", "ltd", "co",
                  "editions", "éditions", "books", "wiley", "springer", "elsevier", "routledge", "sage"},
    "venue": {"journal", "proceedings", "proc", "conference", "conf", "transactions", "trans", "review", "bulletin",
              "annals", "symposium", "workshop", "letters", "lett", "magazine", "quarterly", "studies", "j",
              "international", "intl", "int", "acta", "zeitschrift", "revue", "rev", "phys", "physical", "science"},
    "thesis": {"thesis", "dissertation", "phd", "report", "technical", "tech", "memo", "working", "paper"},
    "web": {"retrieved", "accessed", "available", "url", "online", "http", "https", "www", "doi"},
    "and": {"and", "&", "und", "et", "y", "i", "e"},
    "etal": {"al"},
    "month": set(MONTHS),
    "status": {"appear", "press", "forthcoming", "submitted", "unpublished", "accepted"},
}


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def core(word: str) -> str:
    """The word without the punctuation around it ("(2010)." -> "2010")."""
    match = _WORD_CORE.match(word)
    return match.group("core") if match else word


def shape(word: str) -> str:
    """"Smith," -> "Xx,", "12(3):" -> "d(d):", repeated classes collapsed."""
    return re.sub(r"(.)\1+", r"\1", word.translate(_SHAPE_CHARS))[:8]


def _case(word: str) -> str:
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return "digits" if any(c.isdigit() for c in word) else "punct"
    if all(c.isupper() for c in letters):
        return "upper"
    if letters[0].isupper():
        return "title"
    return "lower" if all(c.islower() for c in letters) else "mixed"


def _kinds(word: str) -> list[str]:
    lowered = core(word).lower().replace(".", "")
    kinds = [name for name, words in LEXICON.items() if lowered in words]
    if _YEAR.match(word):
        kinds.append("year")
    if _RANGE.match(word):
        kinds.append("range")
    if _VOLUME_ISSUE.match(word):
        kinds.append("volissue")
    if _INITIALS.match(word):
        kinds.append("initials")
    if re.fullmatch(r"[A-Z][a-z]{0,5}\.,?", word):
        kinds.append("abbr")
    if "http" in word or "www." in word or word.startswith("10."):
        kinds.append("link")
    return kinds


def _own(word: str) -> dict[str, str | float]:
    lowered = core(word).lower()
    own: dict[str, str | float] = {
        "w": lowered, "shape": shape(word), "case": _case(word), "p2": lowered[:2], "s3": lowered[-3:],
        "last": word[-1] if not word[-1].isalnum() else "a", "first": word[0] if not word[0].isalnum() else "a",
        "len": str(min(len(lowered), 8)), "raw": word.lower(),
    }
    for kind in _kinds(word):
        own[f"k:{kind}"] = 1.0
    return own


def _states(tokens: Sequence[Token]) -> list[dict[str, str]]:
    """Running context of each token: inside quotes / parentheses, year seen, sentence and comma counts before it."""
    states, quoted, depth, year_seen, stops, commas = [], False, 0, False, 0, 0
    for token in tokens:
        word = token.text
        opens_quote = word[0] in _OPEN_QUOTES and not quoted
        if opens_quote:
            quoted = True
        depth += word.count("(") + word.count("[")
        states.append({"q": str(quoted), "par": str(min(depth, 2)), "yr": str(year_seen),
                       "stops": str(min(stops, 5)), "commas": str(min(commas, 6))})
        depth = max(0, depth - word.count(")") - word.count("]"))
        if quoted and (word.rstrip(".,;:)")[-1:] in _CLOSE_QUOTES) and (len(word) > 1 or not opens_quote):
            quoted = False
        year_seen = year_seen or bool(_YEAR.match(word))
        stops += word.endswith(".") and not _INITIALS.match(word) and len(core(word)) > 2
        commas += word.endswith(",")
    return states


def _style(tokens: Sequence[Token], own: list[dict[str, str | float]]) -> dict[str, str | float]:
    """Features of the whole string, shared by its tokens: the style it is written in."""
    n = max(len(tokens), 1)
    years = [i for i, o in enumerate(own) if "k:year" in o]
    return {
        "g:quote": str(any(t.text[0] in _OPEN_QUOTES for t in tokens)),
        "g:paren_year": str(any("k:year" in o and t.text.startswith("(") for t, o in zip(tokens, own, strict=True))),
        "g:in": str(any(o["w"] == "in" and o["case"] == "title" for o in own)),
        "g:year_at": str(3 * years[0] // n) if years else "none",
        "g:size": str(min(n // 8, 5)),
    }


def _as_neighbour(own: dict[str, str | float], offset: int) -> dict[str, str | float]:
    """The features a token lends the token ``-offset`` away: its word, shape, last character and kinds."""
    lent = {f"{offset}:w": own["w"], f"{offset}:shape": own["shape"], f"{offset}:last": own["last"]}
    lent.update({f"{offset}:{k}": 1.0 for k in own if k.startswith("k:")})
    return lent


def token_features(tokens: Sequence[Token], hints: Sequence[str] | None = None) -> list[dict[str, str | float]]:
    """One feature dict per token: its own form, two neighbours each side, running state, rule hint."""
    own = [_own(t.text) for t in tokens]
    states = _states(tokens)
    n = len(tokens)
    style = _style(tokens, own)
    seen_from = {offset: [_as_neighbour(o, offset) for o in own] for offset in (-2, -1, 1, 2)}
    features = []
    for i in range(n):
        f: dict[str, str | float] = {"bias": 1.0, **style}
        f.update(own[i])
        f.update(states[i])
        if hints:
            f["hint"] = hints[i]
            f["hint-1"] = hints[i - 1] if i else "BOS"
            f["hint+1"] = hints[i + 1] if i + 1 < n else "EOS"
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < n:
                f.update(seen_from[offset][j])
            else:
                f[f"{offset}:w"] = "BOS" if j < 0 else "EOS"
        if i:
            f["bigram"] = f"{own[i - 1]['w']}|{own[i]['w']}"
        features.append(f)
    return features
