"""The field tagger's title and container for one reference string, tidied (the second pass of reference parsing).

Interface::

    tag_title_and_container(text, fields, date, tagger)   # sets fields.title and fields.container
    hints = tagger_hints(text)                             # the rules' reading, one hint per token (training input)

The tagger (:mod:`pipeline.cite.fieldtagger`) labels every token; its first title and container segments replace
the rules' values. What the tagger gets wrong in ways a rule can see is mended here: a volume or month stuck to the
journal, a translator, edition or thesis note stuck to the title, a quoted title read past its closing quote, a
journal's name read as the title's last sentence or as a second title, a book read as part of its editors, a title
read as a publisher, a kind of work ("Ph.D. thesis") or a publisher read as a container. Each mend was kept only
if it held on strings it was not written from (README, "How well it works").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.cite.fieldtagger.features import LEXICON, Token, core, tokenize
from pipeline.cite.fieldtagger.hints import HINTED_FIELDS, rule_hints
from pipeline.cite.fieldtagger.tagger import FieldTagger, Segment
from pipeline.cite.refdates import MONTH_PATTERN, SEASON_PATTERN, FoundDate
from pipeline.cite.rules import IN_PREFIX, Fields, clean, read_fields, tidy
from pipeline.names import fold


def tag_title_and_container(text: str, fields: Fields, date: FoundDate | None, tagger: FieldTagger) -> None:
    """Replace the rules' title and container with the tagger's first title and container segments. When the tagger
    finds no title and is unsure of its reading, the rules' title stays (held-out: costs 0.3 points of title accuracy
    on corpus-dev refstrings, keeps short web titles such as "CSTO summit. Retrieved from ..."), unless the tagger
    read it as another field. The mends below then run in order; each leaves alone what it cannot see is wrong."""
    tagging = tagger.tag(text, lambda tokens: _hints(text, tokens, fields, date))
    quoted, after_quote = _at_closing_quote(_first_segment(text, tagging.segments, "title")
                                            or _title_read_as_publisher(text, tagging.segments))
    title = _without_imprint(_segment_value(quoted), fields)
    if title or tagging.confidence >= _SURE or _tagged_as_other_field(text, fields.title, tagging.segments):
        fields.title = title
    container = without_volume(_first_segment(text, tagging.segments, "container") or after_quote
                               or _second_title(text, tagging.segments, fields.title)
                               or _book_before_credit(text, tagging.segments))
    in_prefix = IN_PREFIX.match(container)
    fields.chapter = fields.chapter or bool(in_prefix)
    container = _segment_value(container[in_prefix.end():] if in_prefix else container)
    container = _container_alone(container, fields)
    fields.title, container = _title_end_out_of_container(text, fields.title, container)
    fields.title, container = _journal_out_of_title(fields.title, container, fields, bool(date and date.day))
    fields.title, container = _book_out_of_title(fields.title, container)
    container = container or _container_alone(_rules_book(fields), fields)
    if not in_prefix:
        fields.title, container = _book_title_out_of_container(text, fields.title, container, fields)
    # A book's publisher is not its container ("Title. Clarendon Press. DOI: ..." reads like "Title. Journal. DOI"),
    # nor is the body that issued a report ("Title. NASA, Tech. Rep., 1988").
    issuer = _issues_a_report(text, container)
    fields.container = container if container and container != fields.publisher and not issuer else None
    if fields.title and _NO_TITLE.match(fields.title):
        fields.title = None


def _issues_a_report(text: str, container: str) -> bool:
    """Is the container followed by "Tech. Rep." or "Technical Report": the body that issued it, not a container?"""
    at = text.find(container) if container else -1
    return at >= 0 and bool(_REPORT_AFTER.match(text, at + len(container)))


_TECH_REPORT = r"tech(?:nical)?\.?\s?rep(?:ort)?\b"
_REPORT_AFTER = re.compile(rf"[\s,.]*(?i:{_TECH_REPORT})")


def _at_closing_quote(title: str) -> tuple[str, str]:
    """A quoted title the tagger read past its closing quote, split there: '"Metaphor." Oxford English Dictionary',
    '"Gaussian Markov Random Fields," in Markov Random Fields'. What follows is the book or journal it appeared in
    (used when the tagger found none), unless it says what kind of work it is ("Ph.D. thesis", "Working draft") or
    starts with a number ('"20% Wind Energy by 2030," DOE/GO-102008').
    Only a quote that closes the one the title opens with, and that closes a field (a full stop or comma with it,
    or "in" after it) ends the title: not an inner quote ("'The Ethics of 'Place': ..."), an apostrophe, or a
    quoted phrase the title goes on from ('"Moon" craters on the Earth', '"Behind the Store": Montreal ...')."""
    opener = next((quote for quote in _CLOSERS if title.startswith(quote)), "")
    if not opener:
        return title, ""
    closers = _CLOSERS[opener]
    ends_field = rf"(?:[.,?!]\s?(?:{closers})|(?:{closers})[.,;]|(?:{closers})(?=\s+in\s))(?=\s+\S)"
    for match in re.finditer(ends_field, title):
        quoted, rest = title[:match.end()], title[match.end():].lstrip()
        nested = quoted.count(opener) > len(re.findall(closers, quoted))  # "« La « société civile » dans ... »"
        if not nested and re.match(r"(?:[A-Z]|[Ii]n\s)", rest):
            kind_of_work = _KIND_OF_WORK.match(rest) or re.match(r"\S*\d", rest)
            return quoted, "" if kind_of_work else rest
    return title, ""


def _title_end_out_of_container(text: str, title: str | None, container: str) -> tuple[str | None, str]:
    """A container that starts with the end of a quoted title, up to a closing quote it has no opener for: "Some
    Early Observations’, Government and Opposition" after the title "‘Democratizing Potential of the ‘Arab Spring".
    The title gets its end back when the two stand together in ``text``."""
    for match in _QUOTE_CLOSED.finditer(container):
        head, quote = container[:match.start()], match.group(1)
        if _OPENER_OF[quote] and _OPENER_OF[quote] in head:
            continue  # closes a quote of its own
        return _run_on(text, title, head + quote), container[match.end():]
    return title, container


def _run_on(text: str, title: str | None, end: str) -> str | None:
    """The title and ``end`` as one, when only punctuation stands between them in ``text``."""
    start = text.find(title) if title else -1
    at = text.find(end, start + len(title)) if title and start >= 0 else -1
    if at < 0 or re.search(r"\w", text[start + len(title):at]):
        return title
    return _segment_value(text[start:at + len(end)])


# A closing quote with the punctuation that ends a field, before or after it (not an apostrophe: "Architects’ Journal").
_QUOTE_CLOSED = re.compile(r"(?:[.,?!](?=[’”\"»])|(?=[’”\"»][.,:;]))([’”\"»])[.,:;]?\s+(?=[A-Z])")
_OPENER_OF = {"’": "‘", "”": "“", "»": "«", '"': ""}  # a straight quote opens and closes alike: no opener to find


_CLOSERS = {"``": "''", "“": "”|\"", '"': '"|”', "«": "»", "„": "“|”|\"", "‘": "’"}


def _journal_out_of_title(title: str | None, container: str, fields: Fields,
                          dated: bool = False) -> tuple[str | None, str]:
    """An article's title that runs on into its journal (no container tagged) stops before it, and the journal is
    the container. An article is known by its volume or pages; then the journal is
    - the one the rules read ("The root clock. Development 147:dev181446", "Resilience. In Adaptive Co-management"),
    - or a last sentence shaped like a journal's name (:func:`_journal_name_at_end`: "Cancer Stem Cells in
      Pancreatic Cancer. Cancers. 2010, 2, 1629"; "Continuous Mobility Surveys: The State of Practice, Transport
      Reviews, vol. 30").
    Without a volume or pages only a date with its day marks one, as a newspaper's has ("(2016, March 22). Black
    activism, unchurched. The Atlantic. Retrieved from ..."), and only a last sentence counts; "Title. Bulletin
    184" stays a title and a series."""
    periodical = fields.volume or fields.pages
    if container or not title or not (periodical or dated):
        return title, container
    if fields.container and periodical:
        at = max(title.find(". " + fields.container), title.find(". In " + fields.container))
        if at > 0:
            return title[:at], fields.container
    return _journal_name_at_end(title, after_comma=bool(periodical)) or (title, container)


def _journal_name_at_end(title: str, after_comma: bool) -> tuple[str, str] | None:
    """The title and the journal's name its last sentence is shaped like (or, ``after_comma``, its last comma-part
    of two words or more, not inside a last sentence of fewer than three: "Title. Georgia Tech, SimTigrate Lab")."""
    head, _, last = title.rpartition(". ")
    if len(head.split()) >= 3 and (_JOURNAL_NAME.fullmatch(last) or _names_a_periodical(last)):
        return head, last
    head, _, last = title.rpartition(", ")
    last = last.rstrip(" .,")
    title_end = head.rpartition(". ")[2]
    if after_comma and len(title_end.split()) >= 3 and len(last.split()) >= 2 and _JOURNAL_NAME.fullmatch(last):
        return head.rstrip(" .,"), last
    return None


def _names_a_periodical(sentence: str) -> bool:
    """A short sentence with a word such as "journal" or "review" in it and no number: "The New England journal of
    medicine", "Sloan management review"."""
    words = sentence.split()
    return sentence[:1].isupper() and len(words) <= 8 and not re.search(r"\d", sentence) and _has_venue_word(sentence)


def _has_venue_word(text: str) -> bool:
    return any(core(word).lower() in LEXICON["venue"] for word in text.split())


# What a journal's name looks like at the end of a title, when neither the rules nor the tagger read it: up to six
# capitalised words or small words, no number, comma or bracket ("Title. Cancers. 2010, 2, 1629", "The Lancet").
_NAME_WORD = r"[A-Z](?:[^\W\d_]|[’'&.-])*"
_SMALL_WORD = r"of|and|the|for|in|on|&|de|la|des|du|der|und|für"
_JOURNAL_NAME = re.compile(rf"{_NAME_WORD}(?:\s(?:{_NAME_WORD}|{_SMALL_WORD})){{0,5}}")


def _container_alone(container: str, fields: Fields) -> str:
    """The tagged container, unless it names a kind of work ("Ph.D. thesis", "USA Patent", "arXiv") or the language
    the work is in ("(In Russian)") or, with no volume or pages, a publisher; without what the tagger took in around
    it (_AROUND_A_CONTAINER: editors or a translator before it, "Pierre Birnbaum (dir.), Les élites"; an issue's
    month, a special issue's note or an imprint after it, "La Revue du Financier, mai-juin"), without the sponsor
    named again ("Proceedings AAAI-91. AAAI") and without the rules' publisher or place after it ("Handbuch der
    Sozialarbeit. Luchterhand, Neuwied")."""
    if _NOT_A_CONTAINER.search(container) and not _PERIODICAL.search(container):
        return ""
    if _PUBLISHER_NAME.search(container) and not (fields.volume or fields.pages):
        return ""  # a book's publisher ("Adams Media", "Little, Brown & Co")
    for around in _AROUND_A_CONTAINER:
        container = around.sub("", container)
    container = _SPONSOR_AFTER.sub(r"\1", container)
    for value in (fields.place, fields.publisher):  # "Publisher, Place"
        if value and container.endswith(value) and len(container) > len(value):
            head = container[:-len(value)].rstrip()
            if head[-1] in ".,":
                container = head.rstrip(" .,")
    return container


_NOT_A_CONTAINER = re.compile(
    rf"(?i:\b(?:thesis|dissertation|patent|{_TECH_REPORT}|arxiv|public note)\b)"
    r"|^\[\d+\]|\bet al\.|\[\d+\]$|^(?:Vol|Volume)\.?\s"  # "In [24], chapter 7", "In Keane et al. [4]", "Vol. I."
    r"|^[(\[](?i:in)\s+[^\W\d_]+[)\]]$")  # the language it is written in: "(In Russian)", "[in Chinese]"
_PUBLISHER_NAME = re.compile(r"\b(?:Co|Company|Media|Inc|Ltd|Press|Publishers|Publishing|Verlag|Books)\.?$")
_PERIODICAL = re.compile(r"(?i:\b(?:journal|proceedings|transactions)\b)")
_EDITORS_BEFORE = re.compile(r"^.*?\((?i:eds?|dir|hrsg|hgg|hg|trans|sous la dir)\.?\)\s*[,:]\s+(?=\S)")
_MONTHS_WRITTEN = rf"{MONTH_PATTERN}|N\.p|{SEASON_PATTERN}"
_MONTH_AFTER = re.compile(rf"[,.]\s+(?:{_MONTHS_WRITTEN})(?:[-/–](?:{_MONTHS_WRITTEN}))?\.?$")
# "Place: Publisher" after the book's name: "Lexikon des Sozialwesens. Köln: Oldenbourg".
_IMPRINT_AFTER = re.compile(r"(?<=\w\w)\.\s+[A-Z][^\W\d_]*[a-z][\w-]*(?:\s[A-Z][a-z][\w-]*)?(?:,\s?[A-Z]{2,})?"
                            r"\s?:\s?[A-Z][^:]*$")
# A translator or editor credited after the book: "Œuvres II, Trad fr. par Maurice de Gandillac" (not "Trans.": "Eos,
# Trans. Amer. Geophys. Union" is a journal).
_CREDIT_AFTER_CONTAINER = re.compile(r"[.,]\s+(?:(?:Translated|Edited) by|Trad\.?(?: fr\.)? par|Traduction de|"
                                     r"Traduit par|[ÜU]bersetzt von)\s.*$")
# What the tagger takes in with a container, removed in this order: its editors or translator before it, an issue's
# month, a special issue's note ("Rangifer Special Issue", "Special Issue, Culture Theory and Critique"; not "Special
# issue of Modern Fiction Studies", which names the journal), a note whose closing parenthesis went with the volume
# ("Am J Ind Med (Suppl"; not a conference's "(UIST 94"), its place and publisher or a credit after it, and an
# author's capitalised name left before it ("UZAN. C. R. Acad. Sci.").
_AROUND_A_CONTAINER = (
    _EDITORS_BEFORE,
    _MONTH_AFTER,
    re.compile(r"[\s,.:;]+(?i:special issue)\b(?!\s+(?:of|in)\s).*$|^(?i:special issue)[,:]\s+"),
    re.compile(r"\s*\((?![A-Z]{2})[^()]*$"),
    _IMPRINT_AFTER,
    _CREDIT_AFTER_CONTAINER,
    re.compile(r"^[A-Z]{4,}\.\s+(?=[A-Z])"),
)
# The body a proceedings is named after, again as its publisher: "Proceedings AAAI-91. AAAI" (kept apart from the
# others because it keeps what comes before, group 1).
_SPONSOR_AFTER = re.compile(r"^(.*\b(?P<body>[A-Z]{2,})\b.*?)[.,]\s+(?P=body)[.,]?$")


def _rules_book(fields: Fields) -> str:
    """The book the rules read after "In" ("In: A Manual of Acarology, Krantz G.W. and D.E. Walter Eds."), when the
    tagger found no container; not a cross-reference to another entry ("In [24]") or a number."""
    book = fields.container or ""
    if not fields.chapter or re.search(r"[\d\[\]]", book) or book in (fields.title or "") or _NAMES.match(book):
        return ""
    return book


# Editors standing for their book ("In Clem, Greenberg, and Olander, 24–65", "In H. Küng, Gross Christlich Denker").
_NAMES = re.compile(r"^(?:[A-Z]\.|[A-Z][\w'’-]+(?:,\s[A-Z][\w'’-]+)*,?\s(?:and|&)\s[A-Z][\w'’-]+$)")


def _book_out_of_title(title: str | None, container: str) -> tuple[str | None, str]:
    """A chapter's title that runs on into ", in Book" (no container tagged) stops before it: "The Europeans, in
    Novels, 1871–1880"."""
    match = _IN_BOOK.search(title or "")
    if container or not match or not match.start():
        return title, container
    return title[:match.start()], _segment_value(title[match.end():])


_IN_BOOK = re.compile(r"[,.]\s+[Ii]n:?\s+(?=[A-Z\"“‘«])")


def _book_title_out_of_container(text: str, title: str | None, container: str,
                                 fields: Fields) -> tuple[str | None, str]:
    """A book's title tagged as a container: with no other title, a publisher and no volume or pages ("Compilers:
    Principles, Techniques, and Tools. Addison-Wesley, 1986"), or the title read twice (written once in ``text``;
    with pages, or a volume and no publisher, it is a journal's name: "Canadian journal of microbiology, 1973,
    19(10), pp. 1207-1210").
    A proceedings or journal name ("Proc. Seventh Irish Conference. Dublin: ...", "Phys. Rev. D 73 (2006)") stays
    the container."""
    if title and container and fold(title) == fold(container) and fold(text).count(fold(title)) == 1:
        journal = fields.pages or (fields.volume and not fields.publisher)
        return (None, container) if journal else (title, "")
    if title or not container or fields.volume or fields.pages or not fields.publisher:
        return title, container
    return (title, container) if _has_venue_word(container) else (container, "")


def _without_imprint(title: str, fields: Fields) -> str | None:
    """The title without an editor or a pen name written before it, stopping before its translator, its kind ("2
    vols.", "Unpublished doctoral dissertation") or what the rules read as its publisher or place: "Passing Time.
    Translated by Jean Stewart", "Title. Central Asian Bureau for Analytical Reporting. Retrieved from ...",
    "Reasoning about Change. Cambridge, MA: MIT Press". Only after a full stop (or a comma or semicolon before a
    publisher): the rules read "Title: A subtitle" like "Place: Publisher", and the subtitle is the title's own."""
    title = _CREDIT_OR_GENRE.sub("", _EDITORS_BEFORE.sub("", _NOTE_BEFORE.sub("", title)))
    for value, breaks in ((fields.publisher, ".,;"), (fields.place, "."), (_first_part(fields.place), ".")):
        if value and title.endswith(value) and len(title) > len(value):
            head = title[:-len(value)].rstrip()
            if head and head[-1] in breaks:
                title = head.rstrip(" .,;")
    return title or None


_CREDIT = (r"(?:(?:Translated|Edited|Introduced|Illustrated|Revised|Compiled)(?: and \w+)? by|Trans\.|Tr\.|Ed\.|Eds\.|"
           r"Dir[.,]|Traduction de|Traduit par|Trad\.|[ÜU]bersetzt von)\s")
# What kind of work it is, not its title: "Title, 2 vols.", "Title. Manuscript.", "Title, television program".
_GENRE = (r"(?i:\(?\d+ vols?\b|manuscript\b|television\b|motion picture\b|\[?dvd\b|\(?unpublished\b|\(?doctoral\b|"
          r"ph\.?\s?d\.? (?:thesis|dissertation)|(?:master.s )?(?:thesis|dissertation)\b|with discussion\b|"
          r"white paper\b|working (?:draft|paper)\b|internet-draft\b|exhibition catalogue\b|technical report\b|"
          r"\d+(?:\.|st|nd|rd|th)\s?(?:auflage|aufl\.|vyd\.?|ed\.|edn\.?|edition)(?!\w))")
# ... also in parentheses after the title, as APA writes a report's number: "Title (Policy Brief 2012-01)".
_GENRE_NOTE = r"\s\((?i:[^()]*\b(?:dissertation|thesis|report|brief|discussion|working paper)\b[^()]*)\)"
# A pen name or a date in parentheses left over from the authors: "(Louis-Ferdinand Destouches). Mort à credit",
# "(1620/1994) Novum organum", or the end of a date the rules did not read ("(in preparation). Introducing
# concepts" gives "preparation). Introducing concepts"); not an acronym that starts the title ("(FRBR) to music").
_NOTE_BEFORE = re.compile(r"^(?:\([^()]*\)\.|\(\d[^()]*\)|[^()]{1,25}\)[.,:]?)\s+(?=\S)")
_NO_TITLE = re.compile(r"(?i:(?:personal|private) communication)\b")  # what it is, not what it is called
_VOLUME = r"(?:Vol\.|Volume)\s?\d"
_CREDIT_OR_GENRE = re.compile(rf"(?:[.,]\s+(?:{_CREDIT}|{_GENRE})|[.,:]?\s+{_VOLUME}|{_GENRE_NOTE}).*$")
_KIND_OF_WORK = re.compile(rf"{_CREDIT}|{_GENRE}|{_VOLUME}")  # what follows a title, when it starts with one


def _first_part(place: str | None) -> str | None:
    return place.split(",")[0] if place and "," in place else None


def _segment_value(segment: str) -> str:
    """A tagged segment without the punctuation that closes the field; the full stop of an abbreviated name stays
    when it is one of several ("Proc. Natl. Acad. Sci.")."""
    value = tidy(segment)
    if value.endswith(".") and not re.search(r"\b[A-Z][a-z]{0,5}\.\s.*\.$", value):
        value = value[:-1].rstrip()
    return value


_SURE = 0.6


def without_volume(container: str) -> str:
    """The tagged container without the volume, issue or pages its last tokens hold (the tagger gives the whole
    token: "Nucleic Acids Research 35:W522–W525", "Review 93(September/October", "Phys. Lett. B428")."""
    return _VOLUME_AT_END.sub("", container)


# A volume letter glued to its number ("B428") is a volume; one standing alone ("Phys. Rev. B 12") names the journal.
_VOLUME_AT_END = re.compile(r"(?:,\d+(?:,\d+)*$|,\(.*$"  # glued on where the text lost its spaces: "News,21,2"
                            r"|[\s,]+(?:\d+[\w()/]*[:(][\w()/–-]*|[A-Z]\d+|\d+(?:\.\d+)?[-–]\d+|[vnp]\.\s?\d+[\w–-]*"
                            r"|[IVXLC]+(?:\(\d+\)|/\d+)|n°\s?\d+[\w/–-]*"  # XII(3), XLII/248, n°35/36
                            r"|(?:Tome|Bd|Heft)\.?(?:\s?\d+)?|H\.\s?\d+"  # Tome 26, H.3
                            r"|\d+\.?\s?Jg\.?(?:/Heft|\s?H(?:eft)?\.?\s?\d+)?)"  # 19.Jg. H.3, 5.Jg/Heft
                            r"[.,;]?)+$")


def tagger_hints(text: str) -> list[str]:
    """The rules' reading of ``text`` as one hint per token (what the tagger is trained with)."""
    fields, date = read_fields(clean(text))
    return _hints(text, tokenize(text), fields, date)


def _hints(text: str, tokens: Sequence[Token], fields: Fields, date: FoundDate | None) -> list[str]:
    values = {name: getattr(fields, name) for name in HINTED_FIELDS}
    return rule_hints(text, tokens, values, date.year if date else None, bool(fields.authors))


def _tagged_as_other_field(text: str, value: str | None, segments: Sequence[Segment]) -> bool:
    """Does the tagger read the rules' title as the start of the authors ("(/) J. R. BUDGE, P. E. ELLIS ..."), or a
    one-word title as part of the authors or container ("Phys" of "Phys. Lett. B428")?"""
    at = text.find(value) if value else -1
    if at < 0:
        return False
    one_word = len(value.split()) == 1
    return any((s.label == "author" and s.start == at) or
               (one_word and s.label in ("author", "container") and s.start < at + len(value) and at < s.end)
               for s in segments)


def _title_read_as_publisher(text: str, segments: Sequence[Segment]) -> str:
    """With no title tagged, a "publisher" right after the authors or date, before the real publisher, is the title:
    "Cotter C. 2011. Atlas of Malaria Eliminating Countries, 2011. San Francisco: University of California"."""
    if any(s.label == "title" for s in segments):
        return ""
    publishers = [i for i, s in enumerate(segments) if s.label == "publisher"]
    if len(publishers) < 2 or not publishers[0] or segments[publishers[0] - 1].label not in ("author", "date"):
        return ""
    first = segments[publishers[0]]
    return text[first.start:first.end]


def _second_title(text: str, segments: Sequence[Segment], title: str | None) -> str:
    """A second title segment after the one that gave the title is the container the tagger took for a title: "Some
    reformulations, 1997. Computational Optimization and Applications, to appear", "Der Steppenwolf. Vol. 4 of
    Gesammelte Dichtungen". Not when the first one stands first (an organisation read as a title: "Ministère des
    transports (2000). Mieux s'entendre ...") or a publisher comes between (the book ended; what follows is a note)."""
    titles = [s for s in segments if s.label == "title"]
    if len(titles) < 2 or segments[0] == titles[0] or not title or title not in text[titles[0].start:titles[0].end]:
        return ""
    if any(s.label == "publisher" and titles[0].end <= s.start < titles[1].start for s in segments):
        return ""
    return text[titles[1].start:titles[1].end]


def _book_before_credit(text: str, segments: Sequence[Segment]) -> str:
    """The book the tagger read as part of its editors, with "In" and before the credit: "In: Boethius: His Life,
    Thought and Influence. Ed. Margaret Gibson", "in Text Comparison and Digital Creativity, ed. Wido van Peursen".
    Not the names before "(Hrsg.)" or "(eds.)", which credit the names, not a book."""
    editors = next((s for s in segments if s.label == "editor"), None)
    value = text[editors.start:editors.end] if editors else ""
    prefix = IN_PREFIX.match(value)
    credit = _CREDIT_AFTER_BOOK.search(value, prefix.end()) if prefix else None
    if not credit:
        return ""
    book = value[prefix.end():credit.start()]
    return value[:credit.start()] if len(book.split()) > 1 and not _NAMES.match(book) else ""


# An editor's credit after the book ("In Book, ed. Name"), in either case; the wider _CREDIT (translators,
# directors) was not measured for this mend.
_CREDIT_AFTER_BOOK = re.compile(r"[.,]\s+(?:Eds?\.|eds?\.?|[Ee]dited by|Hrsg\.)\s")


def _first_segment(text: str, segments: Sequence[Segment], label: str) -> str:
    return next((text[s.start:s.end] for s in segments if s.label == label), "")
