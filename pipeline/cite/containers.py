"""Containers (journal, proceedings, book of a chapter) inside the rest of a reference string: where the name stops,
and whether what follows the title is a container at all (or a publisher, place, thesis or report).

A container is followed by its numbers ("12(3):3–4", "Vol. 9", "pp. 5"), by a place and publisher, by editors
("edited by", "R. Graham, Eds."), by a date or by a note ("to appear", "Special Issue"). The name itself may hold
commas only as a list of single words ("Systems, Man, and Cybernetics"; "Myth, Rulership, Church and Charters").
"""

from __future__ import annotations

import re

from pipeline.cite.authors import ORG_WORDS
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
# IEEE's inverted journal names: "Systems, Man and Cybernetics, IEEE Transactions on, vol. 19".
_INVERTED_SERIES = re.compile(r"(?:IEEE|IEE|ACM)\s+(?:Transactions|Journal)\s+(?:on|of)\b")
_STATUS_NOTE = re.compile(r"(?i:to appear|in press|forthcoming|accepted|submitted)\b")
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
        if _STATUS_NOTE.match(after):
            return comma.start()
        if after[:1].islower() or re.match(r"(?:and|&)\s", after) or _LIST_WORD.match(after) \
                or _INVERTED_SERIES.match(after):
            continue
        return comma.start()
    return limit


# Signals that say what follows a title: a place and publisher, a publisher, a periodical or proceedings, a report.
# A place is a few capitalised words ("Newcastle upon Tyne", "Cambridge, MA", "Washington, D.C."): "Rights of
# passage: The experiences of ..." is a title and its subtitle.
_PLACE_WORD = r"(?:[A-Z][\w'.&-]*|&|upon|on|am|an|de|del|di|da|do|sur|im|der|la|le)"
PLACE_PUBLISHER = re.compile(rf"(?P<place>[A-Z][\w'.&-]*(?:,?\s+{_PLACE_WORD}){{0,4}}?)\s*:\s*"
                             r"(?P<publisher>[A-Z][^:;]{1,80}?)\s*[,.]?\s*$")
PUBLISHER_WORD = re.compile(r"\b(?:Press|Verlag|Publish\w*|Books|Editions?|Éditions|Edizioni|Co\.|Inc\.?|Ltd|Elsevier|"
                            r"Springer|Wiley|Routledge|Sage|Kluwer|Macmillan|Harper|Norton|Academic|Institut\w*|"
                            r"University|Univ\.)", re.IGNORECASE)
CONTAINER_WORD = re.compile(r"\b(?:Journal|J\.|Proc\.?|Proceedings|Conference|Conf\.|Symposium|Symp\.|Workshop|"
                            r"Transactions|Trans\.|Review|Rev\.|Letters|Lett\.|Magazine|Annals|Bulletin|Quarterly|"
                            r"Zeitschrift|Revue|Rivista|Cahiers|Newsletter|Gazette|Times|Post|News|Herald|"
                            r"Communications|Acta|Archives?|Studies|Research|Science|Nature|Review)\b")
REPORT = re.compile(r"\b(?:technical report|tech\. rep|report|working paper|white paper|thesis|dissertation)\b",
                    re.IGNORECASE)
NOT_CONTAINER = re.compile(r"^(?:Edited|Translated|Trans\.|Ed\.|Eds\.|Dir\.|\d+\w*\s+ed|PhD|Ph\.D|Master|MSc|Doctoral|"
                           r"Thesis|Dissertation|Unpublished|Manuscript|Personal|Technical|Tech\.|Report|Working|"
                           r"(?:arXiv )?Preprint|Mimeo|Submitted|Disponible|Verfügbar|Paper submitted|In press|"
                           r"To appear|Retrieved|Available|Online|"
                           r"(?:Internet-)?Draft)",
                           re.IGNORECASE)


def looks_like_container(candidate: str, tail: str, *, chapter: bool, quoted_title: bool, online: bool = False) -> bool:
    """Whatever follows the title is the container unless it reads as publisher, place, thesis or report."""
    candidate = candidate.strip(" .,;:")
    if not candidate or not re.search(r"[^\W\d_]{2}", candidate):
        return False
    if chapter:
        return True
    if PLACE_PUBLISHER.fullmatch(candidate) or NOT_CONTAINER.match(candidate):
        return False
    if quoted_title and _names_a_whole(candidate, tail):
        return True  # "“Textbook Pirates,” Chronicle of Higher Education, April 2": the whole the part belongs to
    if re.match(r"^\W*(?:(?:vol|v|no|nr|pp?|pages)?\.?\s*\(?\d|to appear|in press|forthcoming|accepted)",
                tail.strip(" ,.;:"), re.IGNORECASE):
        return True
    if online and _online_source(candidate, tail):
        return True
    # Without "In" or numbers after it, only a name that says it is a periodical or proceedings is a container
    # (otherwise it is an edition note, series, publisher or place).
    return bool(CONTAINER_WORD.search(candidate)) and not REPORT.search(candidate)


def _online_source(candidate: str, tail: str) -> bool:
    """An entry with a DOI or URL that ends in a short name after the title ("Oncogene. DOI: …", "J Exp Bot.
    doi:…", "bioRxiv. DOI", "GitLab. https://…") names the journal, preprint server or repository it is found in."""
    if tail.strip(" .,;:") or len(candidate.split()) > 6 or len(candidate) < 4 or re.search(r"\d", candidate):
        return False
    return (re.match(r"[A-Z]|[a-z]{1,3}[A-Z]", candidate) is not None and not PUBLISHER_WORD.search(candidate)
            and not REPORT.search(candidate) and not re.search(r"\s[a-z]+$", candidate))


def publishing_site(candidate: str) -> bool:
    """"Central Asian Bureau for Analytical Reporting" before a URL: an organisation's name (it has an organisation
    word and no periodical word) names the site that publishes the page, not a journal."""
    words = re.findall(r"[^\W\d_]+", candidate)
    return (len(words) >= 2 and any(w.lower() in ORG_WORDS for w in words) and not CONTAINER_WORD.search(candidate))


_PLACE_AFTER = re.compile(r"^\s*,\s*(?:[A-Z]{2}\b|[A-Z][a-z]+(?: [A-Z][a-z]+)?\s*:)")


def _names_a_whole(candidate: str, tail: str) -> bool:
    """After a quoted title: a name that starts with a letter and is not a publisher, a report series or a place
    ("Richardson, TX", "Stanford, California: ...")."""
    return (candidate[:1].isalpha() and not PUBLISHER_WORD.search(candidate) and not REPORT.search(candidate + tail)
            and not (is_place(candidate) and _PLACE_AFTER.match(tail)))


def is_place(segment: str) -> bool:
    """"Paris", "New York", "Norfolk, VA": a one- or two-word capitalised name, perhaps with a state code."""
    return bool(re.fullmatch(r"[A-Z][^\W\d_]+(?:[ -][A-Z][^\W\d_]+)?(?:,? [A-Z]{2})?", segment))
