"""Author lists at the start of a reference string.

A small scanner over word tokens recognises one name at a time in the forms reference styles use:

- inverted: ``Lobanov, K.``, ``Bardžić, Ž.``, ``Hearn, Lafcadio``, ``Tošić Malešević, N.``
- natural: ``D. Georgakopoulos``, ``W.-P. de Roever``, ``Robin C. Williamson``
- compact (Vancouver, eLife): ``Pérez-Higueras JJ``, ``Kempner J.C.``, ``Heidegger M.``
- family first without a comma: ``Petrović Dragan``, ``CASSARD Jean-Christophe`` (decided by capitals or a Slavic
  family-name ending, see :func:`family_first`)

separated by ``,`` ``;`` ``and`` ``&`` and closed by ``et al.``. The scan stops at the first thing that is not a
name, so the caller learns where the author block ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model import Author
from pipeline.names import name_key

PARTICLES = frozenset({"van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "le", "la", "dos", "das",
                       "ten", "ter", "zu", "vom", "al", "el", "bin", "ibn", "st", "van't", "d'"})
# Words that start titles and never names: they stop "The Information Visualizer" from being read as a person.
NOT_NAMES = frozenset({"the", "a", "an", "on", "in", "of", "and", "for", "to", "from", "with", "towards", "toward",
                       "how", "what", "why", "when", "using", "new", "is", "are", "at", "by", "via", "proc",
                       "proceedings", "journal", "retrieved", "available", "accessed", "vol", "pp", "no", "report",
                       "chapter", "part", "editor", "editors", "eds", "ed", "et", "al", "in:", "unpublished",
                       "technical", "university", "press", "international", "conference", "symposium", "workshop",
                       # journal-title abbreviations ("J. Phys. G", "J Appl Phys", "Z. Phys. A")
                       "phys", "chem", "appl", "lett", "rev", "sci", "soc", "math", "biol", "med", "nucl", "astrophys",
                       "geophys", "mech", "comput", "theor", "acad", "natl", "meteor", "commun", "opt", "stat"})
DIGRAPH_INITIALS = frozenset({"Ch", "Th", "Sh", "Zh", "Ph", "Yu", "Ya", "Kh", "Ts", "Dj", "Lj", "Nj", "Gh"})
FUNCTION_WORDS = frozenset({"of", "the", "for", "and", "on", "in", "de", "des", "du", "la", "le", "für", "der", "di",
                            "del", "y", "et", "i", "za", "na", "pour"})
# Generational suffixes belong with the given names ("O'Malley BW Jr", "Jackson, J. O., 2nd"), never the family name.
SUFFIXES = frozenset({"jr", "jnr", "sr", "snr", "ii", "iii", "iv", "2nd", "3rd", "4th"})
# Family-name endings common in Slavic, Georgian and Armenian names: they mark "Petrović Dragan" as family-first.
FAMILY_ENDINGS = ("ić", "ič", "ski", "ska", "cki", "cka", "ová", "enko", "shvili", "dze", "yan", "ov", "ova", "ev",
                  "eva", "in", "ina")
ORG_WORDS = frozenset({"organization", "organisation", "treaty", "council", "department", "ministry", "institute",
                       "university", "agency", "association", "society", "office", "committee", "commission", "bank",
                       "fund", "group", "union", "nations", "bureau", "centre", "center", "foundation", "government",
                       "parliament", "assembly", "website", "press", "news", "times", "service", "administration",
                       "corporation", "company", "inc", "ltd", "consortium", "network", "program", "programme",
                       "project", "board", "federation", "league", "authority", "secretariat", "team", "state",
                       "states", "republic", "kingdom", "president", "court", "agreement", "declaration", "forum",
                       "collaboration", "laboratory", "library", "museum", "academy", "school", "college"})

_INNER = r"['’\-‐‑]"  # punctuation inside a name: O'Brien, Pérez-Higueras, Meyer‐Berg (U+2010), U+2011
_INNER_PUNCTUATION = re.compile(_INNER)
_TOKEN = re.compile(rf"(?P<ordinal>\d(?:nd|rd|th)\b)|(?P<word>[^\W\d_](?:[^\W\d_]|{_INNER}(?=[^\W\d_]))*\.?)"
                    r"|(?P<punct>[,;&:.()\[\]\"“”*])|\S+")
_ETAL = re.compile(r"\s*,?\s*(?:et\.?\s*al\b\.?|and others\b|u\.\s?a\.|et coll\.?)", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s*(?:,?\s*(?:\.\.\.|…)\s*|,\s*(?:and|&|et|und|y|i)\s+|;\s*(?:and|&)?\s*|,\s*"
                        r"|\s+(?:and|&|et|und|y|i)\s+)", re.IGNORECASE)
_EDITOR_MARK = re.compile(r"\s*,?\s*\((?:eds?|editors?|hrsg|coords?|dir|dirs|sous la dir)\.?\)\.?"
                          r"|\s*,?\s*(?:eds?\.|editors?)(?=[\s,.:]|$)[,.:]?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def bare(self) -> str:
        return self.text.rstrip(".")


@dataclass(frozen=True, slots=True)
class AuthorList:
    """What the scanner found: the names, where the block ends in the text, and how it ended."""

    authors: tuple[Author, ...]
    end: int
    et_al: bool = False
    editors: bool = False  # the names were followed by "(Eds.)"


def tokenize(text: str, start: int, limit: int = 2000) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(text, start):
        tokens.append(Token(match.group(0), match.start(), match.end()))
        if len(tokens) >= limit:
            break
    return tokens


def is_initial(token: Token) -> bool:
    """``C.``, ``Ž``, ``-P.``, ``Ch.``, ``JJ`` (compact initials are at most three capitals)."""
    bare = token.bare.lstrip("-")
    if not bare or not bare.replace("-", "").isalpha():
        return False
    if "-" in bare:  # "W.-P" arrives as one token only when written without the inner period
        return all(is_initial(Token(part, 0, 0)) for part in bare.split("-") if part)
    if len(bare) == 1:
        return bare.isupper()
    if token.text.endswith(".") and bare in DIGRAPH_INITIALS:
        return True
    return len(bare) <= 3 and bare.isupper() and not token.text.endswith(".") and bare not in {"IEEE", "ACM"}


def is_name_word(token: Token) -> bool:
    """A capitalised word that can be (part of) a personal name: ``Đurić``, ``O'Brien``, ``Pérez-Higueras``."""
    bare = token.bare
    return (len(bare) >= 2 and bare[0].isupper() and _INNER_PUNCTUATION.sub("", bare).isalpha()
            and bare.lower() not in NOT_NAMES and bare.lower() not in SUFFIXES and not is_initial(token))


def is_particle(token: Token) -> bool:
    return token.text.lower() in PARTICLES


def is_suffix(token: Token) -> bool:
    """"Jr", "Jr.", "III"; not "JR" or "SR", which are initials ("Bowyer JR, Hunter CN", "Cavanaugh JR.")."""
    return token.bare.lower() in SUFFIXES and token.bare not in {"JR", "SR", "JNR", "SNR"}


def _particles(tokens: list[Token], i: int) -> int:
    while i < len(tokens) and is_particle(tokens[i]):
        i += 1
    return i


def is_given_word(token: Token) -> bool:
    bare = token.bare
    return is_name_word(token) and not bare.isupper()


def _surname(tokens: list[Token], i: int, max_words: int) -> int:
    """Index after a family name at ``i`` (particles then 1..max_words capitalised words, particles allowed between
    them: "Garcia de Frutos"), or ``i`` if none. A capitalised particle alone is a family name ("Das R", "Al SG")."""
    j = _particles(tokens, i)
    words = 0
    while j < len(tokens) and words < max_words and is_name_word(tokens[j]):
        words += 1
        j += 1
        if tokens[j - 1].text.endswith("."):
            break
        inner = _particles(tokens, j)
        if inner > j and words < max_words and inner < len(tokens) and is_name_word(tokens[inner]):
            j = inner
    if words:
        return j
    if j > i and tokens[j - 1].text[0].isupper() and not tokens[j - 1].text.endswith("."):
        return j
    return i


def _initials(tokens: list[Token], i: int) -> int:
    j = i
    while j < len(tokens) and j - i < 4 and is_initial(tokens[j]):
        j += 1
    return j


def _given(tokens: list[Token], i: int) -> int:
    """Index after a given-name part: initials, or full names optionally followed by initials."""
    j = _initials(tokens, i)
    if j > i:
        return j
    while j < len(tokens) and j - i < 3 and (is_given_word(tokens[j]) or (j > i and is_initial(tokens[j]))):
        if j > i and is_initial(tokens[j - 1]) and tokens[j - 1].text.endswith(".") and not is_initial(tokens[j]):
            break  # "Paul S. Purity in Print": a full word after a middle initial starts the title
        j += 1
        if tokens[j - 1].text.endswith(".") and not is_initial(tokens[j - 1]):
            break  # "Émile." or "Li." closes the name
    return j


def _join(tokens: list[Token], i: int, j: int, text: str) -> str:
    return text[tokens[i].start:tokens[j - 1].end].strip()


@dataclass(frozen=True, slots=True)
class NameMatch:
    family: str
    given: str | None
    next: int  # token index after the name
    form: str  # inverted | natural | compact
    initials: bool


def match_inverted(tokens: list[Token], i: int, text: str) -> NameMatch | None:
    """``Surname, Given`` (two-word family names only with initials: ``Tošić Malešević, N.``)."""
    for words in (1, 2, 3):
        family_end = _surname(tokens, i, words)
        if family_end == i or family_end >= len(tokens) or tokens[family_end - 1].text.endswith("."):
            continue
        j = _suffix_before_comma(tokens, family_end)
        if j >= len(tokens) or tokens[j].text != ",":
            continue
        k = _given(tokens, j + 1)
        if k == j + 1:
            continue
        initials = is_initial(tokens[j + 1])
        if words > 1 and not initials:
            continue
        given = _join(tokens, j + 1, k, text)
        if k < len(tokens) - 1 and tokens[k].text == "," and is_suffix(tokens[k + 1]):
            k += 2  # "Jackson, J. O., 2nd"
        suffixes = [t.text for t in tokens[family_end:j] + tokens[k - 1:k] if is_suffix(t)]
        return NameMatch(_join(tokens, i, family_end, text), " ".join([given, *suffixes]), k, "inverted", initials)
    return None


def _suffix_before_comma(tokens: list[Token], j: int) -> int:
    """Skip a suffix between the family name and the comma: "McLaughlin Jr, J.", "Guerney, Jr., B. G."."""
    if j + 1 < len(tokens) and is_suffix(tokens[j]) and tokens[j + 1].text == ",":
        return j + 1
    if j + 2 < len(tokens) and tokens[j].text == "," and is_suffix(tokens[j + 1]) and tokens[j + 2].text == ",":
        return j + 2
    return j


def match_compact(tokens: list[Token], i: int, text: str) -> NameMatch | None:
    """``Pérez-Higueras JJ``, ``Kempner J.C.``, ``de la Macorra JC``."""
    for words in (1, 2):
        j = _surname(tokens, i, words)
        if j == i and words == 1 and _is_stop_word_family(tokens, i):
            j = i + 1  # "An D, Na C": a family name that is also an English word
        if j == i or tokens[j - 1].text.endswith("."):
            continue
        suffix = j + 1 < len(tokens) and is_suffix(tokens[j]) and is_initial(tokens[j + 1])  # "Rouse Jr JW"
        k = _initials(tokens, j + suffix)
        if suffix:
            return NameMatch(_join(tokens, i, j, text), f"{_join(tokens, j + 1, k, text)} {tokens[j].text}", k,
                             "compact", True)
        if k < len(tokens) and re.fullmatch(r"[A-Z]{1,3}\.", tokens[k].text) and (k == j or "." not in tokens[j].text):
            k += 1  # "Peters OA." closing a Vancouver list
        if k > j and k < len(tokens) and is_suffix(tokens[k]):
            k += 1  # "O'Malley BW Jr"
        if k > j:
            given = _join(tokens, j, k, text)
            return NameMatch(_join(tokens, i, j, text), given if "." in given[:-1] else given.rstrip("."), k,
                             "compact", True)
    return None


def _is_stop_word_family(tokens: list[Token], i: int) -> bool:
    """"An D,": a capitalised short word of ``NOT_NAMES`` followed by compact initials and a separator."""
    token = tokens[i]
    return (token.text.istitle() and token.text.isalpha() and len(token.text) <= 3 and token.text.lower() in NOT_NAMES
            and i + 2 < len(tokens) and is_initial(tokens[i + 1]) and not tokens[i + 1].text.endswith(".")
            and tokens[i + 2].text in {",", ";"})


def match_natural(tokens: list[Token], i: int, text: str) -> NameMatch | None:
    """``D. Georgakopoulos``, ``Robin C. Williamson``, ``W.-P. de Roever`` (also family-first ``Petrović Dragan``)."""
    if _is_capitals_family(tokens, i):  # "RAHNER Karl", "CASSARD Jean-Christophe"
        j = _given(tokens, i + 1)
        return NameMatch(_join(tokens, i, i + 1, text), _join(tokens, i + 1, j, text), j, "natural", False)
    j = _given(tokens, i)
    if j == i:
        return None
    initials = is_initial(tokens[i])
    last = tokens[j - 1]
    if j - i >= 2 and not is_initial(last):  # "Marc Shapiro": the family name was read as a given name
        if any(t.bare.lower() in ORG_WORDS for t in tokens[i:j]):
            return None
        return _natural_with_suffix(tokens, (i, j - 1, j), text, initials)
    if not is_initial(last) and last.text.endswith("."):
        return None
    k = _surname(tokens, j, 3 if initials else 2)
    if k == j or (not initials and any(t.bare.lower() in ORG_WORDS for t in tokens[i:k])):
        return None
    return _natural_with_suffix(tokens, (i, j, k), text, initials)


def _natural_with_suffix(tokens: list[Token], bounds: tuple[int, int, int], text: str,
                         initials: bool) -> NameMatch:
    """Given names ``tokens[i:j]``, family ``tokens[j:k]``, then a suffix that goes to the given names: "P. W. Mielke
    Jr.", "Mauricio Breternitz, Jr."."""
    i, j, k = bounds
    given = _join(tokens, i, j, text)
    end = k
    if end < len(tokens) and is_suffix(tokens[end]):
        end += 1
    elif end + 1 < len(tokens) and tokens[end].text == "," and is_suffix(tokens[end + 1]):
        end += 2
    if end > k:
        given = f"{given} {tokens[end - 1].text}"
    return NameMatch(_join(tokens, j, k, text), given, end, "natural", initials)


def _is_capitals_family(tokens: list[Token], i: int) -> bool:
    token = tokens[i]
    return (token.text.isupper() and len(token.text) > 3 and is_name_word(token) and i + 1 < len(tokens)
            and is_given_word(tokens[i + 1]) and not tokens[i + 1].text.isupper())


def _is_abbreviation(token: Token) -> bool:
    return token.text.endswith(".") and 2 <= len(token.bare) <= 5 and token.bare[0].isupper() and token.bare.isalpha() \
        and not token.bare.isupper()


def family_first(given: str, family: str) -> bool:
    """Is ``Given Family`` really ``Family Given``? Capitals (CASSARD Jean) or a family-name ending say so."""
    if given.isupper() and len(given) > 2 and not family.isupper():
        return True
    first, last = given.lower(), family.lower()
    return first.endswith(FAMILY_ENDINGS[:8]) and not last.endswith(FAMILY_ENDINGS[:8])


def _name_at(tokens: list[Token], i: int, text: str, previous: NameMatch | None, after_and: bool) -> NameMatch | None:
    """The longest name that fits here and agrees in form with the list so far (lists do not switch form)."""
    candidates = [match_inverted(tokens, i, text), match_compact(tokens, i, text), match_natural(tokens, i, text)]
    fitting = [c for c in candidates if c is not None and _ends_name(tokens, c.next, text)
               and (previous is None or after_and or _consistent(previous, c))]
    if not fitting:
        return None
    if previous is not None:  # "Jinxin Lin and Alberto O. Mendelzon": keep reading names the same way
        return min(fitting, key=lambda c: (c.form != previous.form, -c.next))
    return max(fitting, key=lambda c: c.next)


def _consistent(previous: NameMatch, candidate: NameMatch) -> bool:
    if candidate.form == previous.form == "natural" and " " in previous.family:
        return True  # "J Ben Schafer, Dan Frankowski", "C. Christiaan van der Eijk, Rob Jelier": full names follow
    if candidate.form == previous.form:
        return candidate.initials == previous.initials or (candidate.form == "natural" and candidate.initials)
    if previous.form == "inverted" and candidate.form == "natural":
        return candidate.initials or not previous.initials  # MLA: "Lee, L. L., W. E. Howard, and R. E. Marsh"
    return False


def _ends_name(tokens: list[Token], k: int, text: str) -> bool:
    """A name must be followed by a separator, the end of the block or the date (not by more title words)."""
    if k >= len(tokens):
        return True
    after = tokens[k].text
    prev = tokens[k - 1].text
    if _is_abbreviation(tokens[k - 1]) and _is_abbreviation(tokens[k]):
        return False  # "J. Opt. Soc. Am.": a journal abbreviation, not a name
    return after in {",", ";", "&", ".", ":", "(", "[", "*", '"', "“"} \
        or after.lower() in {"and", "et", "und", "y", "i"} or prev.endswith(".") or after[0].isdigit()


def _to_author(match: NameMatch) -> Author:
    family, given = match.family, match.given
    if match.form == "natural" and not match.initials and family_first(given or "", family):
        family, given = given or family, family
    family = family.strip(" ,;").removesuffix(".")
    if family.isupper() and len(family) > 3:
        family = family.title()
    return Author(family, given.strip(" ,;") if given else None, key=name_key(family))


def scan_authors(text: str, start: int = 0) -> AuthorList:
    """Read personal names from ``start``; ``end`` is where the author block stops (``start`` if no names)."""
    tokens = tokenize(text, start)
    names: list[NameMatch] = []
    ends: list[int] = []  # where each name stops in the text
    i = 0
    after_and = last_after_and = False
    while i < len(tokens):
        match = _name_at(tokens, i, text, names[-1] if names else None, after_and)
        if match is None:
            break
        names.append(match)
        ends.append(tokens[match.next - 1].end)
        last_after_and = after_and
        et_al = _ETAL.match(text, ends[-1])
        if et_al:
            return _finish(names, [*ends[:-1], et_al.end()], text, et_al=True, closed_by_and=True)
        separator = _SEPARATOR.match(text, ends[-1])
        if not separator:
            break
        after_and = bool(re.search(r"\b(?:and|et|und|y|i)\b|&", separator.group(0), re.IGNORECASE))
        i = next((n for n, t in enumerate(tokens) if t.start >= separator.end()), len(tokens))
    return _finish(names, ends or [start], text, closed_by_and=last_after_and)


def _plausible(names: list[NameMatch], closed_by_and: bool) -> int:
    """How many names to keep. Full names in natural order after the first, joined only by commas, are too easily
    title words ("Barry Wilkinson, Digital System Design"): keep them only when the list closes with "and" or an
    editor mark, or when all are family-first."""
    if len(names) < 2 or closed_by_and or all(family_first(n.given or "", n.family) for n in names):
        return len(names)
    return next((n for n, name in enumerate(names) if n and name.form == "natural" and not name.initials), len(names))


def _finish(names: list[NameMatch], ends: list[int], text: str, *, et_al: bool = False,
            closed_by_and: bool = False) -> AuthorList:
    if not names:
        return AuthorList((), ends[-1] if ends else 0)
    editors = _EDITOR_MARK.match(text, ends[-1])
    keep = len(names) if editors else _plausible(names, closed_by_and)
    end = editors.end() if editors else ends[keep - 1]
    return AuthorList(tuple(_to_author(n) for n in names[:keep]), end, et_al and keep == len(names), bool(editors))


def is_organisation(name: str) -> bool:
    """A name that is not a person: has an organisation word, is an acronym, or has no capital pattern of a name."""
    words = re.findall(r"[^\W\d_]+", name)
    if not words:
        return False
    if any(w.lower() in ORG_WORDS for w in words):
        return True
    lower = [w for w in words if w.islower()]
    return len(words) == 1 or (bool(lower) and all(w in FUNCTION_WORDS for w in lower))


def split_author_text(author_text: str) -> tuple[tuple[Author, ...], bool]:
    """Names in a text known to hold only an author list (BibTeX fields, tagged gold); True when "et al."."""
    found = scan_authors(author_text)
    found = complete_author_block(author_text, found, len(author_text.rstrip(" .,;")))
    rest = author_text[found.end:].strip(" .,;")
    if found.authors or not rest:
        return found.authors, found.et_al
    organisation = author_text.strip(" .,;")
    return (Author(organisation, None, key=name_key(organisation)),), False


# The date that closes an author block: eLife/Harvard "Smith AB, Lund U. 2011." or APA "Smith, A., Lund U. (2011)".
_BLOCK_DATE = re.compile(r"(?<=[\w.])\.?\s+(?:\(\d{4}[a-z]?\)|\d{4}[a-z]?\.\s)")
_PARTICLE_WORD = "(?:" + "|".join(sorted(re.escape(p) for p in PARTICLES if p.isalpha())) + ")"
_LOOSE_NAME = re.compile(r"(?P<family>(?:(?:[A-Z][\w'’-]*|" + _PARTICLE_WORD + r")\s){0,2}?[A-Z][\w'’-]+)"
                         r"\s(?P<given>(?:[A-Z]{1,3}|[A-Za-z]{1,2})(?:[-.]\s?[A-Za-z]{1,2}|\s[A-Za-z]{1,2}\b)*\.?)")


def complete_author_block(text: str, found: AuthorList, block_end: int | None = None) -> AuthorList:
    """Names the scanner stopped at but that sit before the end of the author block (``block_end``, else the date
    that closes it): "Webb A a R", "Dung dH", "Fattah el MA", "Hirai S-i", "Lund U." (each a comma-separated family
    name with initials in any case)."""
    if not found.authors or found.editors or found.et_al:
        return found
    if block_end is None:
        date = _BLOCK_DATE.search(text, found.end, found.end + 160)
        if not date:
            return found
        block_end = date.start()
    segments = [s.strip() for s in re.split(r",\s*(?:and\s+|&\s*)?|;\s*|\s+(?:and|&)\s+", text[found.end:block_end])]
    segments = [s for s in segments if s]
    matches = [_LOOSE_NAME.fullmatch(s.rstrip(".")) for s in segments]
    if not segments or not all(matches):
        return found
    extra = tuple(Author(m.group("family"), m.group("given").strip(), key=name_key(m.group("family")))
                  for m in matches if m)
    return AuthorList(found.authors + extra, block_end, False, False)
