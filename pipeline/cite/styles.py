"""Reference styles seen from their endings: where the journal of a "Title. Journal vol:pages" entry starts.

eLife and Vancouver end "... Journal Name 274:14678–84" (volume, optional issue, colon, pages); APA ends "... Journal
Name, 22(7), 1193–1202". Once such an ending is found, the journal is the last sentence before it and everything
before that sentence is the title, however many sentences the title holds.
"""

from __future__ import annotations

import re

from pipeline.cite.containers import CONTAINER_WORD

# eLife / Vancouver ending "... Journal Name 274:14678–84": volume, optional issue, colon, pages;
# APA ending "... Journal Name, 22(7), 1193–1202": comma, volume, optional issue, comma, pages (or, as in
# "Brain Research Reviews 20, 91–127", a page range after a volume that follows the name without a comma).
_VOLUME_PAGES_END = re.compile(r"(?:\s\d+[A-Za-z]?(?:\s?\([^()]{1,12}\))?:\s?[A-Za-z]?\d+"
                               r"|(?P<apa>,|(?<=[a-z])(?=\s\d+(?:\s?\([^()]{1,12}\))?,\s(?:pp?\.\s?)?\d+\s?[-–]))"
                               r"\s\d+[A-Za-z]?(?:\s?\([^()]{1,12}\))?,\s(?:pp?\.\s?)?[A-Za-z]?\d+"
                               # geology/IEEE ending "... Journal, v. 32, pp. 249-258" or ", vol. 51, no. 10, pp. 12"
                               r"|,\s(?i:v|vol)\.\s?\d+[A-Za-z]?(?:,\s(?i:no|n)\.\s?\d+)?,\s(?i:pp?)\.\s?[A-Za-z]?\d+)"
                               r"(?:\s?[-–]\s?[A-Za-z]?\d+)?\.?$")
# A sentence starts with a capital or with a lower-case prefix of a capitalised name ("eLife", "bioRxiv", "eNeuro").
_SENTENCE_BREAK = re.compile(r"(?<=[^\W_])[.?!]\s+(?=[A-Z]|[a-z]{1,3}[A-Z])")


def journal_before_numbers(body: str) -> tuple[int, int] | None:
    """(title end, numbers start) in "Title. Subtitle. Journal vol:pages", or None. The journal is the last
    sentence before the numbers (a title may hold several: "Listeria monocytogenes L forms. I. Induction ...")."""
    numbers = _VOLUME_PAGES_END.search(body)
    if not numbers:
        return None
    breaks = list(_SENTENCE_BREAK.finditer(body, 0, numbers.start()))
    for index in range(len(breaks) - 1, -1, -1):
        brk = breaks[index]
        word = re.search(r"(?:[^\W\d_]+|\d+)$", body[:brk.start()]).group(0)
        if _starts_journal(body, brk, numbers.start(), word):
            if numbers.group("apa") and not _apa_journal(body[brk.end():numbers.start()], word):
                return None
            start = _journal_head(body, breaks[:index], brk)
            return start, numbers.start()
    return None


def _starts_journal(body: str, brk: re.Match[str], numbers: int, word: str) -> bool:
    """Can the journal start after this break? Not after an abbreviation ("J. Antibiot", "Soc. Of Nat. Hist."),
    unless a container word or a lower-case-led name follows ("complex I. Nature", "DLK. eLife") or the journal is
    written without dots and the word is more than an initial ("Puerto Rico. Bull Mar Sci 79: 1–16")."""
    after = body[brk.end():numbers]
    return (word.isdigit() or not _is_abbreviation(word) or bool(CONTAINER_WORD.match(after))
            or bool(re.match(r"[a-z]{1,3}[A-Z]", after)) or (len(word) > 1 and "." not in after))


# "Nature Reviews. Neuroscience", "The Lancet. Infectious Diseases": a short capitalised head before the last break.
_JOURNAL_HEAD = re.compile(r"(?:The\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+)?")


def _journal_head(body: str, earlier: list[re.Match[str]], brk: re.Match[str]) -> int:
    """Where the journal starts: after ``brk``, or one sentence earlier when that sentence is a journal's head."""
    if earlier and _JOURNAL_HEAD.fullmatch(body, earlier[-1].end(), brk.start()) \
            and CONTAINER_WORD.search(body, earlier[-1].end(), brk.start()):
        return earlier[-1].start() + 1
    return brk.start() + 1


def _apa_journal(journal: str, word_before: str) -> bool:
    """APA journals with abbreviation dots ("Bull. Amer. Meteor. Soc., 87", "IEEE Trans. Pattern Analysis, 3(6)")
    are left to the first-sentence rule: the break must follow a lower-case or long word and start a dotless name."""
    return not re.search(r"\w\.\s", journal) and (word_before.islower() or len(word_before) >= 8)


def _is_abbreviation(word: str) -> bool:
    return len(word) == 1 or (word[0].isupper() and len(word) <= 4) or word in {"sp", "spp", "nov", "al", "var"}
