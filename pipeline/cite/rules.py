"""The rule parser of reference strings: every field it can read, left to right.

Label, authors (:mod:`pipeline.cite.authors`), date (:mod:`pipeline.cite.refdates`), title, container with
volume/issue/pages, then publisher/place. URL, DOI and access date are taken out first. ``*Markdown emphasis*``
marks a title or container. Reading never raises on any text; :mod:`pipeline.cite.references` turns the result into
a ``Reference`` (with the field tagger's title and container).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.cite.authors import NOT_NAMES, AuthorList, complete_author_block, is_organisation, scan_authors
from pipeline.cite.containers import (
    CONTAINER_WORD,
    NOT_CONTAINER,
    PLACE_PUBLISHER,
    PUBLISHER_WORD,
    REPORT,
    comma_end,
    container_end,
    is_place,
    looks_like_container,
    publishing_site,
)
from pipeline.cite.refdates import YEAR, FoundDate, date_after_authors, date_anywhere, find_accessed
from pipeline.cite.styles import journal_before_numbers
from pipeline.model import Author
from pipeline.names import name_key

# A label is a list number: "[12]", "(12)", "12.", "12 "; a year in its place ("(2010). In Grown, C. (Eds.)") is the
# date of an entry without authors, never a label.
_LABEL = re.compile(r"^\s*(?!\(?" + YEAR + r"[.)])(?:\[(?P<bracket>[\w.-]{1,8})\]|\((?P<paren>\d{1,4})\)"
                    r"|(?P<number>\d{1,4})[.)]|(?P<bare>\d{1,3})\s(?=[A-Z]))\s*")
_TAG = re.compile(r"</?[a-zA-Z][\w-]*/?>")
_URL = re.compile(r"<?\b(?:https?://|www\.)[^\s<>]+(?:\s/[^\s<>]+)?>?", re.IGNORECASE)
_DOI = re.compile(r"(?:\bdoi:?\s*)?(?:https?://(?:dx\.)?doi\.org/)?\b(?P<doi>10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_RETRIEVED_FROM = re.compile(r"\b(?:Retrieved|Retreived|Available|Accessed)(?:\s+\w+){0,4}?\s+(?:from|at|online)\b:?"
                             r"|\bURL:?|\bOnline:|\[online\]", re.IGNORECASE)
_QUOTED = re.compile(r"^(?:“(?P<t1>.+?)”|\"(?P<t2>.+?)\"|«\s*(?P<t3>.+?)\s*»|„(?P<t4>.+?)[“”\"]|‘(?P<t5>.+?)’(?!\w)"
                     r"|``(?P<t6>.+?)''|''(?P<t7>.+?)'')(?![\w-])")
_EMPHASIS = re.compile(r"\*{1,2}(?P<text>[^*]+?)\*{1,2}")
_TITLE_END = re.compile(r"(?<![\s.][A-Z])(?<!^[A-Z])(?<=\S)[.?!]\s+(?=[A-Z\d“\"*(\[À-Ž]|[Ii]n\b|[a-z]{1,3}[A-Z][a-z])"
                        r"|(?<=[a-z\d)])[.?!](?=[A-Z][a-z])|,\s+(?=\*|[Ii]n:|[“\"«]|[Ii]n\s+[A-Z])|\s+(?=In:)"
                        r"|\s+(?=\((?:\d+\w*|[Rr]ev\.?|[Rr]evised)\s+ed)|\s+(?=\([A-Z][^()]{0,40}:)"
                        r"|,?\s+(?=\([^()]*(?:Press|Verlag|Publishers)\b)|,\s+(?=[^,.(]*\b(?:Press|Publishers|Verlag)\b)"
                        r"|,\s+(?!(?:Vol|No|Nr|Pp|Part|Sec|Ch|Fig|Suppl)\.)(?=(?:[A-Z][a-z]{0,5}\.\s|(?:Journal|Proc|Proceedings|Trans|Tech|Technical|IEEE|ACM|SIAM)"
                        r"\b|[A-Z][\w.&\s]{0,60}?,?\s+\d+\s*(?:[(,:.]|pp|$)))"
                        # a status or thesis note after a comma: ", to appear in", ", Masters Thesis, Department of"
                        r"|,\s+(?=(?i:to appear|in press|forthcoming|submitted|paper (?:submitted|presented)"
                        r"|unpublished"
                        r"|(?:PhD|Ph\.\s?D\.|Masters?|M\.\s?Sc\.?|Doctoral|Bachelor'?s?)\s+(?:thesis|dissertation))\b)")
IN_PREFIX = re.compile(r"^(?:In|in|IN|Dans|En)[:.]?\s+")
_PAGES = re.compile(r"(?:\b(?:S|str)\.?\s*|:\s*(?=[A-Za-z]?\d)|[,\s]\s*(?=[A-Za-z]?\d+\s*[-–—]))"
                    r"(?P<pages>[A-Za-z]?\d+(?:\s*[-–—]+\s*[A-Za-z]?\d+)?)"
                    r"(?=\s*[).,;]?\s*(?:\(|$|[A-Z]))")
_EXPLICIT_PAGES = re.compile(r"\b(?:pp?|pages?)\.?\s*(?P<pages>[A-Za-z]?\d+(?:\s*[-–—]+\s*[A-Za-z]?\d+)?)")
_VOLUME = re.compile(r"(?:\b(?:vol(?:ume)?|v|bd|t|tome)\.?\s*(?P<vol1>\d+[A-Za-z]?)"
                     r"|(?<![\w.])(?P<vol2>\d{1,5}[A-Za-z]?)(?=\s*(?:\(|:|,\s*\d|,\s*(?:no|pp?|pages)\b|\s+\d|$)))",
                     re.IGNORECASE)
_ISSUE = re.compile(r"\((?P<iss1>[\w\s/–-]{1,12})\)|\b(?:no|nr|n°|issue|iss|heft)\.?\s*(?P<iss2>\d+[\w/–-]*)",
                    re.IGNORECASE)


@dataclass
class Fields:
    """Mutable scratch record filled by the steps, frozen into a ``Reference`` at the end."""

    authors: tuple[Author, ...] = ()
    organisation: str | None = None
    editors: tuple[Author, ...] = ()
    title: str | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    place: str | None = None
    url: str | None = None
    doi: str | None = None
    accessed: str | None = None
    retrieved: bool = False  # "Retrieved from" / "Available at": the entry is read on a site
    chapter: bool = False
    quoted_title: bool = False  # a title in quotes names a part (article, chapter, episode) of a larger work
    label: str | None = None  # the list number written at the start ("[12]", "12.")
    problems: list[str] = field(default_factory=list)


def read_fields(text: str) -> tuple[Fields, FoundDate | None]:
    """The rule parser: every field it can read from one cleaned reference string."""
    fields = Fields()
    label_match = _LABEL.match(text)
    if label_match:
        fields.label = next(g for g in label_match.groups() if g)
        text = text[label_match.end():]
    text = take_identifiers(text, fields)
    found = read_authors(text, fields)
    date = date_after_authors(text, found.end)
    body_start = date.end if date else found.end
    if date is None:
        date = date_anywhere(text, found.end)
    body = text[body_start:]
    if date and date.start >= body_start:  # a date inside the body separates what is before and after it
        body = text[body_start:date.start].rstrip(" ,;:([") + ". " + text[date.end:].lstrip(" ,;:.)]")
    comma_style = text[body_start:].lstrip(" )]").startswith(",")
    parse_body(body, fields, comma_style)
    return fields, date



# "———.", "--, --, and X. Niu", "-, R. Colacito": dashes stand for the authors of the previous entry.
_REPEATED_AUTHORS = re.compile(r"^(?:(?:[-–—_‒]{2,}|[-–—](?=\s*,))\s*\.?,?\s*)+(?:(?:and|&)\s+)?")
# "Aristotle.", "COLLECTIF.", "United Nations.": a one-word author or an organisation closed by a full stop.
_NAME_SENTENCE = re.compile(r"^(?P<name>[A-Z][^\s.,;:()\d]{2,}"
                            r"(?: (?:[A-Z][^\s.,;:()\d]+|of|and|for|the|de|la|du)){0,7})\.\s+(?=[A-Z“\"‘'«])")
_ORGANISATION_END = re.compile(r"(?<=[^\s.][^\s.])\.\s|,\s(?=\(?\d{4})|\s(?=\(\d{4}|\(n\.d)")


def read_authors(text: str, fields: Fields) -> AuthorList:
    """Personal names; else an organisation written before the date ("CSTO. (2022a)", "UNHCR, 2014.")."""
    repeated = _REPEATED_AUTHORS.match(text)
    found = complete_author_block(text, scan_authors(text, repeated.end() if repeated else 0))
    if repeated:
        fields.problems.append("authors written as a dash (the same as the previous entry)")
    if found.editors:
        fields.editors = found.authors
    else:
        fields.authors = found.authors
    if found.authors or repeated:
        return found
    boundary = _ORGANISATION_END.search(text)
    if not boundary:
        return found
    sentence = _NAME_SENTENCE.match(text)
    if sentence and _names_an_author(sentence.group("name")) and not date_after_authors(text, boundary.start()):
        return _organisation(sentence.group("name"), sentence.end("name"), fields)
    organisation = text[:boundary.start()].strip(" .,;:")
    date = date_after_authors(text, boundary.start())
    if date and date.year and organisation and len(organisation.split()) <= 12 and "*" not in organisation \
            and is_organisation(organisation):
        return _organisation(organisation, boundary.start(), fields)
    return found


def _names_an_author(name: str) -> bool:
    """One name-like word ("Homer") or an organisation name ("The Boston Consulting Group", "INSTITUT UPSA")."""
    words = name.split()
    if len(words) == 1:
        return name.lower() not in NOT_NAMES
    return is_organisation(name) and words[-1][0].isupper() or name.isupper()


def _organisation(name: str, end: int, fields: Fields) -> AuthorList:
    fields.organisation = name
    fields.authors = (Author(name, None, key=name_key(name)),)
    return AuthorList(fields.authors, end)


def clean(raw: str) -> str:
    """One line of text: markup tags removed, whitespace collapsed, unicode dashes kept."""
    text = _TAG.sub(" ", raw)
    text = re.sub(r"^\s*[•·▪*–-]\s+", "", text)  # list bullets
    text = re.sub(r"\s+([,;)]|\.(?=[\s,]|$))", r"\1", text)  # "Phys .Rev ." (PDF extraction spacing)
    text = re.sub(r"\s\.(?=[A-Za-z\d])", ". ", re.sub(r"\(\s+", "(", text))
    text = re.sub(r"(?<=\)\.)(?=[A-Z])", " ", text)  # "(2020).Relations": the date glued to the title
    text = re.sub(r"(?<=[a-z]),(?=[A-Za-z“]|\"\w)", ", ", text)  # PDF text without spaces: "Nursing,vol.19,no.4"
    text = re.sub(r"\S+", _unglued, text)
    return re.sub(r"\s+", " ", text).strip()


_GLUED = re.compile(r"(?<=[a-z]{3}\.)(?=[A-Z][a-z])|(?<=[A-Za-z]\.)(?=\d+,\d)|(?<=[a-z]{3})(?=\d{1,4},\d)")


def _unglued(word: re.Match[str]) -> str:
    """PDF text without spaces between fields: "arcs.Science" (title, journal), "Lett.37,1251" and "Science350,413"
    (journal, volume). Web addresses, DOIs and e-mail addresses are left whole."""
    text = word.group(0)
    return text if re.search(r"[/@]|^(?:www|http)", text) else _GLUED.sub(" ", text)


def take_identifiers(text: str, fields: Fields) -> str:
    """Move URL, DOI and access date out of the text (they would confuse the title and date steps)."""
    fields.accessed, span = find_accessed(text)
    if span:
        text = text[:span[0]] + " " + text[span[1]:]
    doi = _DOI.search(text)
    if doi:
        fields.doi = doi.group("doi").rstrip(".,;)")
        text = text[:doi.start()] + " " + text[doi.end():]
    url = _URL.search(text)
    if url:
        fields.url = url.group(0).strip("<>").replace(" ", "").rstrip(".,;)")
        if fields.url.lower().startswith("www."):
            fields.url = "http://" + fields.url
        text = text[:url.start()] + " " + text[url.end():]
    fields.retrieved = bool(_RETRIEVED_FROM.search(text))
    text = _RETRIEVED_FROM.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


# Physics and chemistry styles have no title: "J. Am. Chem. Soc. 103, 2450", "Nucl. Phys. B 675 (2003), 333",
# "Tetrahedron Lett. 3169 (1978)", "Synthesis, 706 (1977)" (the date is already cut out of the body).
_JOURNAL_ONLY = re.compile(r"^(?!(?:The|A|An)\s)(?P<journal>(?:(?!(?:The|A|An)\s)[A-Z][\w-]*\.?\s*(?:&\s*)?){1,7}?)"
                           r"\s*[.,]?\s*(?=\d{1,4}\s*[,(:]\s*\d|\d{1,4}\s+\d|[.,]?\s*[.,]\s*\d{1,4}\s*,\s*\d"
                           r"|\d{1,6}\s*(?:[.,;]\s*\d{1,6})?\s*[.;]?\s*$)")


_LANGUAGE_NOTE = re.compile(r"[(\[](?:[Ii]n|[Oo]n) [A-Z]\w+(?: and [A-Z]\w+)?[)\]]\.?")


def title_end(body: str, comma_style: bool = False) -> int:
    """Where the title stops; a question or exclamation mark stays with the title.

    In a comma-separated entry ("A. Aho, J. Ullman, The Design of Algorithms, Addison-Wesley, 1974") the title also
    stops at the first comma that does not continue a list of words.
    """
    match = _TITLE_END.search(body)
    end = match.start() + (body[match.start()] in "?!") if match else len(body)
    return min(end, comma_end(body, end)) if comma_style else end


def parse_body(body: str, fields: Fields, comma_style: bool = False) -> None:
    """Title, then container with volume/issue/pages, then publisher and place."""
    body = _LANGUAGE_NOTE.sub(" ", body).strip(" .,;:")
    body = take_leading_editors(body, fields)
    quoted = _quoted_title(body)
    emphasis = re.match(r"^\*{1,2}(?P<title>[^*]+)\*{1,2}", body)
    journal = _JOURNAL_ONLY.match(body)
    numbered = journal_before_numbers(body)
    if numbered and not quoted and not emphasis and not IN_PREFIX.match(body[numbered[0]:].lstrip(" .")):
        fields.title = tidy(body[:numbered[0]]) or None  # "Title. Journal vol:pages": the journal is all between
        container = tidy(body[numbered[0]:numbered[1]].rstrip(" .,"))
        fields.container = None if NOT_CONTAINER.match(container) or REPORT.search(container) else container or None
        parse_numbers(body[numbered[1]:], fields)
        return
    if quoted or emphasis:
        match = quoted or emphasis
        fields.quoted_title = bool(quoted)
        fields.title = next(g for g in match.groups() if g)
        rest = body[match.end():]
    elif journal:
        fields.container = tidy(journal.group("journal"))
        parse_numbers(body[journal.end("journal"):], fields)
        return
    else:
        cut = _title_and_subtitle_end(body, comma_style)
        fields.title, rest = body[:cut], body[cut:]
    fields.title = tidy(fields.title) or None
    if emphasis and not quoted and not _EMPHASIS.search(rest) and not IN_PREFIX.match(rest.strip(" .,;:?!")):
        parse_numbers(rest, fields)  # an emphasised title without "In" is a book: the rest is its imprint
        parse_publisher(rest, fields)
        if fields.publisher is None:
            parse_imprint(rest, fields)
        return
    parse_container(rest.strip(" .,;:?!"), fields)


def _title_and_subtitle_end(body: str, comma_style: bool) -> int:
    cut = title_end(body, comma_style)
    return cut + subtitle_length(body[cut:])


def _quoted_title(body: str) -> re.Match[str] | None:
    """A title in quotes; a quoted word that a title goes on after ("“Clicked” sugar-curcumin conjugate", "\"Decision\"-
    making") is not one: it has no punctuation at its end and lower-case words follow."""
    quoted = _QUOTED.match(body)
    if quoted and re.match(r"\s+(?!in\b)[a-z]", body[quoted.end():]) and \
            next(g for g in quoted.groups() if g)[-1] not in ",.;:?!":
        return None
    return quoted


def take_leading_editors(body: str, fields: Fields) -> str:
    """"(2010). In Grown, C., & Valodia, I. (Eds.), Taxation and Gender Equity": an edited volume with no authors and
    no title of its own before "In" — the editors are read and the book is what follows them."""
    in_prefix = IN_PREFIX.match(body)
    if fields.authors or not in_prefix:
        return body
    editors = scan_authors(body, in_prefix.end())
    if not editors.editors:
        return body
    fields.editors = editors.authors
    return body[editors.end:].strip(" .,;:")


_SENTENCE = re.compile(r"^[.?!]\s+(?P<sentence>[A-Z“\"‘'«][^.?!]*?[^\s.?!][.?!])(?=\s+(?P<next>.*)$|$)")
# After a subtitle comes the imprint ("New York: Wiley"), the book of a chapter ("In ...") or a translator/editor note.
_AFTER_SUBTITLE = re.compile(r"^(?:$|[Ii]n[:\s]|\(?(?:[Ee]dited|[Tt]ranslated|[Tt]rad)"
                             r"|(?:[A-Z][\w.'’-]*[ ,/]*){1,4}\s*:\s)")


def subtitle_length(rest: str) -> int:
    """"The authentic heart. An eightfold path to midlife love. New York: Wiley": the sentence after the title cut
    belongs to the title when it has no container signal and is followed by an imprint, "In" or the end."""
    match = _SENTENCE.match(rest)
    if not match:
        return 0
    sentence = match.group("sentence")
    if re.search(r"\d", sentence) or CONTAINER_WORD.search(sentence) or NOT_CONTAINER.match(sentence) \
            or PUBLISHER_WORD.search(sentence) or IN_PREFIX.match(sentence) or PLACE_PUBLISHER.fullmatch(sentence):
        return 0
    if not _AFTER_SUBTITLE.match(match.group("next") or ""):
        return 0
    return match.end("sentence")


def tidy(value: str | None) -> str:
    """A field value without emphasis markers, quotes or hanging punctuation."""
    if not value:
        return ""
    value = value.replace("*", "")
    value = value.strip(" ,;:“”\"«»„‘’'`")
    if value.endswith(".") and not re.search(r"\b[A-Z][a-z]?\.$|\b[A-Z][a-z]{0,5}\.$", value):
        value = value[:-1]
    return value.strip(" ,;:")


def parse_container(rest: str, fields: Fields) -> None:
    """The part after the title: "In: editors (eds), container", a journal with numbers, or a publisher."""
    in_prefix = IN_PREFIX.match(rest)
    if in_prefix:
        fields.chapter = True
        rest = rest[in_prefix.end():]
        editors = scan_authors(rest)
        if editors.editors:
            fields.editors = editors.authors
            rest = rest[editors.end:].strip(" .,;:")
    emphasis = _EMPHASIS.search(rest)
    if emphasis and emphasis.start() <= 2:
        fields.container = tidy(emphasis.group("text"))
        tail = rest[emphasis.end():]
    else:
        cut = container_end(rest)
        candidate, tail = rest[:cut], rest[cut:]
        if fields.retrieved and not tail.strip(" .,;:") and publishing_site(candidate.strip(" .,;:")):
            fields.publisher = tidy(candidate)  # "... Bureau for Analytical Reporting. Retrieved from": the site
            return
        if looks_like_container(candidate, tail, chapter=fields.chapter, quoted_title=fields.quoted_title,
                                online=bool(fields.doi or fields.url)):
            fields.container = tidy(candidate) or None
        else:
            tail = rest
    parse_numbers(tail, fields)
    parse_publisher(tail, fields)


def parse_numbers(tail: str, fields: Fields) -> None:
    """Volume, issue and pages: "12(3):3–4", "6 (2)", "Vol. 39, No. 9", "pp. 214-233", "p. 147-178".

    Pages are found first; volume and issue are read only before them (a page range ends with a bare number).
    """
    pages = _EXPLICIT_PAGES.search(tail) or _PAGES.search(tail)
    if pages:
        fields.pages = normalise_pages(pages.group("pages"))
    before = tail[:pages.start()] if pages else tail
    volume = _VOLUME.search(before)
    if volume:
        fields.volume = volume.group("vol1") or volume.group("vol2")
    issue = _ISSUE.search(before, volume.end() if volume else 0)
    if issue:
        value = (issue.group("iss1") or issue.group("iss2") or "").strip()
        if value and (issue.group("iss2") or re.fullmatch(r"[\d/–-]+|S?\d+|Suppl\.? ?\d*", value)):
            fields.issue = value


def normalise_pages(pages: str) -> str:
    return re.sub(r"\s*[-–—]+\s*", "-", pages.strip())


# Segments break at ", " or ". " before a capital, but not inside a place: "Cambridge, MA: MIT Press", "Garden
# City, N.Y.: Doubleday", "La Habra, Calif.: Center".
_PUBLISHER_SEGMENT_BREAK = re.compile(r"[,.]\s+(?=[A-Z])(?!(?:[A-Z]{2}|[A-Z]\.\s?[A-Z]\.|[A-Z][a-z]{1,5}\.)\s*:)|\(|\)")


def parse_publisher(tail: str, fields: Fields) -> None:
    """"Place: Publisher" or a segment with a publisher word; the place is the segment before it."""
    segments = [s.strip(" .()") for s in _PUBLISHER_SEGMENT_BREAK.split(tail) if s.strip(" .()")]
    for segment in segments:
        match = PLACE_PUBLISHER.fullmatch(segment)
        if match:
            fields.place, fields.publisher = match.group("place").strip(" ,"), match.group("publisher").strip(" ,.")
            return
    for index, segment in enumerate(segments):
        if PUBLISHER_WORD.search(segment) and not re.search(r"\d", segment):
            fields.publisher = tidy(segment)
            before = segments[index - 1] if index else None
            after = segments[index + 1] if index + 1 < len(segments) else None
            fields.place = next((s for s in (before, after) if s and is_place(s)), None)
            return


def parse_imprint(rest: str, fields: Fields) -> None:
    """"Pešić i sinovi, Kultura polisa, Belgrade, 2010": the first segment is the publisher, a city the place."""
    segments = [s.strip(" .") for s in rest.split(",") if s.strip(" .") and not re.search(r"\d", s)]
    places = [s for s in segments if is_place(s)]
    publishers = [s for s in segments if s not in places]
    fields.place = places[-1] if places else None
    fields.publisher = tidy(publishers[0]) if publishers else None
