"""DAT rules: dates in the text that contradict each other, the calendar or the draft date."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from pipeline.check.registry import CheckContext, rule
from pipeline.check.rules.common import earliest, format_partial_date, latest, parse_iso, reference_label
from pipeline.model import DateMention, Entity, Finding, PartialDate, SectionKind, Severity

EVENT_VERBS = re.compile(
    r"\b(signed|established|founded|joined|renamed|registered|created|adopted|ratified|launched|dissolved)\b",
    re.IGNORECASE,
)
# "the signing of X" -> the sentence that dates X says "signed"
NOMINALISED = {
    "signing": "signed",
    "establishment": "established",
    "founding": "founded",
    "foundation": "founded",
    "creation": "created",
    "adoption": "adopted",
    "ratification": "ratified",
    "launch": "launched",
}
_ANNIVERSARY = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\s+anniversary\s+of\s+(?:the\s+)?", re.IGNORECASE)
_PHRASE_END = re.compile(r"\s+and\s+the\s+\d|[,;:.()]|\s+(?:was|were|is|which|that|in|on)\s")
_NOMINAL_OF = re.compile(r"^(\w+)\s+of\s+(?:the\s+)?(.+)$")
_POSSESSIVE = re.compile(r"^(.+?)['’]s\s+(\w+)$")
_FUTURE = re.compile(r"\b(will|shall|scheduled|planned|expected|upcoming|forthcoming)\b", re.IGNORECASE)
NON_NAME_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
SUBJECT_WINDOW = 80  # characters between the event's subject and its verb
ANNIVERSARY_LOOKBACK = 4  # sentences searched backwards for the date of the anniversary event
TEXT_KINDS = (SectionKind.TITLE, SectionKind.ABSTRACT, SectionKind.BODY, SectionKind.FOOTNOTES)


def dates_conflict(a: PartialDate, b: PartialDate) -> bool:
    """True when two partial dates disagree in a part both of them give."""
    return any(x is not None and y is not None and x != y for x, y in ((a.year, b.year), (a.month, b.month),
                                                                         (a.day, b.day)))


def text_dates(context: CheckContext) -> list[DateMention]:
    """Date mentions in running text, outside citation brackets (whose dates are checked by the CIT rules)."""
    citations = [(c.start, c.end) for c in context.annotation.citations]
    mentions = []
    for mention in context.annotation.dates:
        section = context.document.section_of(mention.start)
        if section is not None and section.kind not in TEXT_KINDS:
            continue
        if any(start <= mention.start < end for start, end in citations):
            continue
        mentions.append(mention)
    return sorted(mentions, key=lambda m: (m.start, m.end, m.id))


def _single_date(mention: DateMention) -> PartialDate | None:
    return None if "/" in mention.value else parse_iso(mention.value)


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    dates: tuple[DateMention, ...]


def _sentences_with_dates(context: CheckContext) -> list[_Sentence]:
    """Every sentence of the running text with the date mentions inside it, in text order."""
    by_sentence: dict[tuple[int, int], list[DateMention]] = defaultdict(list)
    for mention in text_dates(context):
        sentence = context.document.sentence_at(mention.start)
        span = (sentence.start, sentence.end) if sentence else (mention.start, mention.end)
        by_sentence[span].append(mention)
    spans = {(s.start, s.end) for s in context.document.sentences} | set(by_sentence)
    return [_Sentence(start, end, tuple(by_sentence.get((start, end), ()))) for start, end in sorted(spans)]


# --- DAT001 -----------------------------------------------------------------------------------


def _subject(entities: list[Entity], verb_start: int, sentence: _Sentence) -> Entity | None:
    """The name nearest before the event verb in the same sentence: the one the event happened to."""
    before = [
        e for e in entities
        if sentence.start <= e.start and e.end <= verb_start and verb_start - e.end <= SUBJECT_WINDOW
        and e.label not in NON_NAME_LABELS
    ]
    return max(before, key=lambda e: e.end, default=None)


@rule("DAT001", "conflicting-dates", Severity.ERROR)
def conflicting_dates(context: CheckContext) -> Iterator[Finding]:
    """The same event is given two different dates in two places of the text.

    What it does: for each sentence with exactly one date, takes each event verb (signed, established,
    founded, joined, renamed, registered, created, adopted, ratified, launched, dissolved) and the name just
    before it (its subject, by entity cluster); two sentences with the same verb and subject whose dates
    disagree in a part both give are reported at the later one. Sentences with several dates are skipped to
    keep this precise.

    Why it matters: at least one of the two dates is wrong, and readers cannot tell which.

    Example:
        "The Collective Security Treaty was signed in Tashkent on May 15, 1992 ..."
        "... the Collective Security Treaty was signed on May 25, 1992 ..."
    """
    seen: dict[tuple[str, str], DatedEvent] = {}
    for event in dated_events(context):
        key = (event.verb, event.subject.cluster)
        if key not in seen:
            seen[key] = event
            continue
        first = seen[key]
        if dates_conflict(first.value, event.value):
            yield context.finding(
                event.mention.start,
                event.mention.end,
                f"'{event.subject.text}' {event.verb}: dated '{event.mention.text}' here but '{first.mention.text}' "
                "earlier in the text",
                suggestion="Check which date is right and use it in both places",
            )


@dataclass(frozen=True)
class DatedEvent:
    """"X was signed ... on May 15, 1992": a sentence with one date, an event verb and the name before it."""

    sentence: tuple[int, int]
    mention: DateMention
    value: PartialDate
    verb: str
    subject: Entity


def dated_events(context: CheckContext) -> Iterator[DatedEvent]:
    """Every event DAT001 compares, in text order: sentences with exactly one date that has a year."""
    entities = sorted(context.annotation.entities, key=lambda e: (e.start, e.end))
    for sentence in _sentences_with_dates(context):
        if len(sentence.dates) != 1 or (value := _single_date(sentence.dates[0])) is None or value.year is None:
            continue
        for verb in EVENT_VERBS.finditer(context.text, sentence.start, sentence.end):
            subject = _subject(entities, verb.start(), sentence)
            if subject is not None:
                span = (sentence.start, sentence.end)
                yield DatedEvent(span, sentence.dates[0], value, verb.group(1).lower(), subject)


# --- DAT002 -----------------------------------------------------------------------------------


@rule("DAT002", "range-end-before-start", Severity.ERROR)
def range_end_before_start(context: CheckContext) -> Iterator[Finding]:
    """A date range ends before it starts.

    What it does: reads ranges normalised by the annotate stage ("2006/2012") and reports those whose end
    is entirely before their start.

    Why it matters: an impossible range is a typo in one of its ends.

    Example:
        "chaired by B. Gryzlov (2012 to 2006)"
    """
    for mention in text_dates(context):
        if "/" not in mention.value:
            continue
        first, _, last = mention.value.partition("/")
        start, end = parse_iso(first), parse_iso(last)
        if start is None or end is None:
            continue
        start_day, end_day = earliest(start), latest(end)
        if start_day and end_day and end_day < start_day:
            yield context.finding(
                mention.start,
                mention.end,
                f"Date range '{mention.text}' ends ({last}) before it starts ({first})",
                suggestion="Swap or correct the two ends of the range",
            )


# --- DAT003 -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Anniversary:
    years: int
    name: str  # the proper name whose date is known ("Collective Security Treaty")
    verb: str | None  # past form of the event ("signed"), None when the phrase names no event
    start: int
    end: int


def parse_anniversaries(text: str, start: int, end: int) -> list[Anniversary]:
    """Anniversary phrases in ``text[start:end]`` that name a proper name ("the organization's" is skipped)."""
    found = []
    for match in _ANNIVERSARY.finditer(text, start, end):
        tail = text[match.end() : end]
        stop = _PHRASE_END.search(tail)
        phrase_end = match.end() + (stop.start() if stop else len(tail))
        phrase = " ".join(text[match.end() : phrase_end].split())
        verb = None
        if (nominal := _NOMINAL_OF.match(phrase)) and nominal.group(1).lower() in NOMINALISED:
            verb, phrase = NOMINALISED[nominal.group(1).lower()], nominal.group(2)
        elif (possessive := _POSSESSIVE.match(phrase)) and possessive.group(2).lower() in NOMINALISED:
            verb, phrase = NOMINALISED[possessive.group(2).lower()], possessive.group(1)
        phrase = re.sub(r"^the\s+", "", phrase, flags=re.IGNORECASE)
        if phrase[:1].isupper():  # a proper name whose date the text may give
            found.append(Anniversary(int(match.group(1)), phrase, verb, match.start(), phrase_end))
    return found


def _known_year(context: CheckContext, sentences: list[_Sentence], anniversary: Anniversary) -> int | None:
    """The one year the text gives for the named event; None when it is unknown or contradictory."""
    words = r"\s+".join(re.escape(word) for word in anniversary.name.split())
    name = re.compile(rf"\b{words}\b(?!\s+[A-Z])")  # "Treaty", not "Treaty Organization"
    years = set()
    for sentence in sentences:
        text = context.text[sentence.start : sentence.end]
        if "anniversary" in text.lower() or not name.search(text):
            continue
        verbs = {m.group(1).lower() for m in EVENT_VERBS.finditer(text)}
        if (anniversary.verb and anniversary.verb not in verbs) or not verbs:
            continue
        values = {_single_date(m) for m in sentence.dates} - {None}
        sentence_years = {v.year for v in values if v is not None and v.year is not None}
        if len(sentence_years) == 1:
            years |= sentence_years
    return years.pop() if len(years) == 1 else None


def _event_year(sentences: list[_Sentence], index: int) -> int | None:
    """The year of the event the anniversary sentence talks about: its own date, or the nearest one before."""
    for sentence in reversed(sentences[max(0, index - ANNIVERSARY_LOOKBACK) : index + 1]):
        for mention in reversed(sentence.dates):
            value = parse_iso(mention.value.partition("/")[0])
            if value is not None and value.year is not None:
                return value.year
    return None


@rule("DAT003", "anniversary-mismatch", Severity.ERROR)
def anniversary_mismatch(context: CheckContext) -> Iterator[Finding]:
    """An "Nth anniversary" does not add up with the dates given in the text.

    What it does: for "the Nth anniversary of [the signing of] X", where X is a proper name and the text dates
    the event ("X was signed ... 1992") in exactly one way, compares N with the year of the occasion (a date
    in the same sentence or up to four sentences before). Phrases about unnamed things ("the organization's
    establishment") are skipped.

    Why it matters: a wrong anniversary means a wrong date somewhere, or a wrong count.

    Example:
        "signed ... on May 15, 1992." ... "a session in mid-May 2022 ... coincided with the 25th anniversary of
        the signing of the Collective Security Treaty"   (2022 - 1992 = 30)
    """
    sentences = _sentences_with_dates(context)
    for index, sentence in enumerate(sentences):
        for anniversary in parse_anniversaries(context.text, sentence.start, sentence.end):
            origin = _known_year(context, sentences, anniversary)
            occasion = _event_year(sentences, index)
            if origin is None or occasion is None or occasion - origin == anniversary.years:
                continue
            event = f"{anniversary.verb} " if anniversary.verb else ""
            yield context.finding(
                anniversary.start,
                anniversary.end,
                f"The text dates '{anniversary.name}' ({event}{origin}) and this occasion {occasion}: "
                f"that is the {occasion - origin}th anniversary, not the {anniversary.years}th",
                suggestion="Correct the anniversary number or the dates",
            )


# --- DAT004 -----------------------------------------------------------------------------------


@rule("DAT004", "date-after-draft-date", Severity.WARNING)
def date_after_draft_date(context: CheckContext) -> Iterator[Finding]:
    """A date in the text or the reference list lies after the draft's date.

    What it does: when ``draft-date`` is configured, reports past-tense date mentions, publication dates and
    access dates that start after it. Sentences about the future ("will", "scheduled", "planned") are skipped.

    Why it matters: a paper cannot report events, publications or page visits that had not happened yet; the
    year is usually mistyped.

    Example:
        draft-date = 2022-06-01;  "The CSTO session took place on May 16, 2023."
    """
    draft = context.config.draft_date
    if draft is None:
        return
    for mention in text_dates(context):
        value = parse_iso(mention.value.partition("/")[0])
        first_day = earliest(value) if value else None
        sentence = context.document.sentence_at(mention.start)
        around = context.text[sentence.start : sentence.end] if sentence else ""
        if first_day and first_day > draft and not _FUTURE.search(around):
            yield context.finding(
                mention.start,
                mention.end,
                f"Date '{mention.text}' is after the draft date {draft.isoformat()}",
                suggestion="Check the year",
            )
    yield from _references_after(context, draft)


def _references_after(context: CheckContext, draft: date) -> Iterator[Finding]:
    for reference in context.annotation.references:
        published = earliest(PartialDate(reference.year, reference.month, reference.day))
        if published and published > draft:
            when = format_partial_date(PartialDate(reference.year, reference.month, reference.day))
            yield context.finding(
                reference.start,
                reference.end,
                f"'{reference_label(reference)}' is dated {when}, after the draft date {draft.isoformat()}",
                suggestion="Check the year of the entry",
                references=(reference.id,),
            )
        elif reference.accessed and reference.accessed > draft.isoformat():
            yield context.finding(
                reference.start,
                reference.end,
                f"'{reference_label(reference)}' was accessed on {reference.accessed}, after the draft date "
                f"{draft.isoformat()}",
                suggestion="Check the access date",
                references=(reference.id,),
            )
