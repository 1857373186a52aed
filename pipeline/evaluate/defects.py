"""``annocite eval defects DIR``: recall of check on defects injected into copies of real papers.

Every JATS paper of DIR is rendered as a plain draft (``jats_gold.render_draft``); the seed paper joins them.
Each copy of a draft gets ONE known defect at a place chosen at random with a fixed seed, is run through the
pipeline (extract, cite; annotate with one loaded spaCy model only for the date kinds) and checked. A defect is
caught when a finding of an expected code overlaps the injected place. Findings that the clean draft does not
have and that lie elsewhere are counted as false positives introduced by the defect.

Kinds and the codes that catch them:

- ``year``: a citation's year changed to one no entry of that author has -> CIT001 (no entry) or CIT003
- ``delete``: a cited entry deleted from the list -> CIT001 at a citation of it
- ``duplicate``: an entry added again in another format (names/initials reordered, year moved, other
  punctuation) -> REF001 at the added entry
- ``uncited``: an entry nobody cites added to the list -> REF004
- ``misspell``: the first author's name misspelt in one citation -> CIT005, or CIT001 with a "did you mean"
- ``ibid``: "(Ibid., p. 3)" right after a citation of several works -> CIT007, or at the start of the body
  before any citation -> CIT006
- ``date``: a sentence dating an event ("X was signed ... on May 15, 1992") repeated later with the date shifted
  -> DAT001
- ``anniversary``: the seed's "30th anniversary" renumbered -> DAT003
"""

from __future__ import annotations

import random
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.check.registry import CheckConfig, CheckContext, run_checks
from pipeline.check.rules.common import author_keys
from pipeline.check.rules.dates import dated_events, parse_anniversaries
from pipeline.evaluate.jats_gold import OffsetMap, align, render_draft
from pipeline.model import Annotation, CitationItem, Finding, LinkStatus, Reference, SectionKind
from pipeline.names import name_key

SEED = 20260527
PER_KIND = 25
RECALL_TARGET = 0.95
KINDS = ("year", "delete", "duplicate", "uncited", "misspell", "ibid", "date", "anniversary")
NLP_KINDS = ("date", "anniversary")
IBID = "(Ibid., p. 3)"
DATE_VARIANTS = 15  # copies per dated statement: published papers rarely date events, the seed does
MADE_UP_SURNAMES = ("Okonkwo", "Lindqvist", "Haverkamp", "Szymanski", "Delacroix", "Nakagawa", "Ferreira",
                    "Oyelaran", "Brandstetter", "Quintero", "Vukovic", "Abernathy")
# An added entry must be a different work, not a near-copy of a listed one (that is a duplicate, REF001).
MADE_UP_TITLES = ("Seasonal turnover of coastal plankton assemblages", "Trade networks of medieval river ports",
                  "A survey of lattice methods for sparse linear systems", "Soil moisture memory in semi-arid uplands",
                  "Voting behaviour in second-order elections", "Mitochondrial dynamics during wing disc growth")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_LABEL = re.compile(r"^\s*\[?(\d+)[.\])]?\s+")


@dataclass(frozen=True)
class Draft:
    """A clean draft and what the pipeline makes of it."""

    name: str
    text: str
    annotation: Annotation
    to_draft: OffsetMap  # document offsets -> draft offsets
    findings: tuple[Finding, ...]

    def draft_span(self, start: int, end: int) -> tuple[int, int]:
        return self.to_draft.span(start, end)


@dataclass(frozen=True)
class Injection:
    kind: str
    paper: str
    description: str
    text: str  # the draft with the defect
    sites: tuple[tuple[int, int], ...]  # where the defect is, in ``text``
    expected: tuple[str, ...]  # codes that catch it
    needs_did_you_mean: bool = False  # CIT001 counts only with a suggestion naming an entry


@dataclass(frozen=True)
class Outcome:
    injection: Injection
    caught: bool
    codes_at_site: tuple[str, ...]
    introduced: tuple[Finding, ...]  # new findings away from the site


# --- running the pipeline on a draft text -------------------------------------------------------------------


class Pipeline:
    """extract -> cite (-> annotate with one loaded model) -> check, on draft texts written to ``workdir``."""

    def __init__(self, workdir: Path, model: str | None = None) -> None:
        self.workdir = workdir
        self.model = model
        self._nlp = None

    def annotate(self, name: str, text: str, *, with_nlp: bool) -> Annotation:
        from pipeline.cite import cite_document
        from pipeline.cite.references import parse_references
        from pipeline.extract import extract_document

        path = self.workdir / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        document = extract_document(path)
        references = parse_references(document)
        annotation = Annotation(document=document, references=references,
                                citations=cite_document(document, references))
        if not with_nlp:
            return annotation
        from pipeline.annotate import annotate_entities
        from pipeline.annotate.dates import find_dates

        entities, clusters = annotate_entities(document, annotation.citations, nlp=self.nlp)
        dates = find_dates(document, annotation.citations)
        return replace(annotation, entities=tuple(entities), clusters=tuple(clusters), dates=tuple(dates))

    @property
    def nlp(self):  # noqa: ANN201  (spaCy Language, loaded once)
        if self._nlp is None:
            from pipeline.nlp import DEFAULT_MODEL, load_nlp

            self._nlp = load_nlp(self.model or DEFAULT_MODEL)
        return self._nlp

    def draft(self, name: str, text: str, *, with_nlp: bool) -> Draft:
        annotation = self.annotate(name, text, with_nlp=with_nlp)
        findings = tuple(run_checks(annotation, CheckConfig()))
        return Draft(name, text, annotation, align(annotation.document.text, text), findings)


# --- editing a draft ---------------------------------------------------------------------------------------


def edit(text: str, start: int, end: int, new: str) -> tuple[str, Callable[[int], int]]:
    """``text`` with ``text[start:end]`` replaced, and a function moving old offsets after the edit."""
    delta = len(new) - (end - start)

    def moved(offset: int) -> int:
        return offset + delta if offset >= end else offset

    return text[:start] + new + text[end:], moved


def _author_date_items(draft: Draft) -> Iterator[tuple[CitationItem, Reference]]:
    references = {r.id: r for r in draft.annotation.references}
    for citation in draft.annotation.citations:
        for item in citation.items:
            reference = references.get(item.reference or "")
            if (item.status == LinkStatus.LINKED and item.kind == "author-date" and item.year is not None
                    and item.authors and reference is not None):
                yield item, reference


def _list_end(draft: Draft) -> int | None:
    """Draft offset just after the last reference entry."""
    if not draft.annotation.references:
        return None
    last = max(draft.annotation.references, key=lambda r: r.end)
    return draft.draft_span(last.start, last.end)[1]


def _numbered(draft: Draft) -> int | None:
    """The highest entry label when the list is numbered ("12. Smith ..."), else None."""
    labels = [int(r.label) for r in draft.annotation.references if (r.label or "").strip().isdigit()]
    return max(labels) if labels and len(labels) * 2 > len(draft.annotation.references) else None


def _append_entry(draft: Draft, entry: str) -> tuple[str, tuple[int, int]] | None:
    end = _list_end(draft)
    if end is None:
        return None
    highest = _numbered(draft)
    paragraph = f"{highest + 1}. {entry}" if highest is not None else entry
    text, _ = edit(draft.text, end, end, f"\n\n{paragraph}")
    start = end + 2
    return text, (start, start + len(paragraph))


# --- the kinds ----------------------------------------------------------------------------------------------


def inject_year(draft: Draft, rng: random.Random) -> Iterator[Injection]:
    by_author: dict[str, set[int]] = {}
    for reference in draft.annotation.references:
        keys = author_keys(reference)
        if keys and reference.year:
            by_author.setdefault(keys[0], set()).add(reference.year)
    for item, reference in _author_date_items(draft):
        start, end = draft.draft_span(item.start, item.end)
        cited = draft.text[start:end]
        year = _YEAR.search(cited)
        if year is None or int(year.group()) != item.year:
            continue
        taken = by_author.get((author_keys(reference) or ("",))[0], set())
        shifts = [d for d in (1, -1, 2, -2, 3, -3) if item.year + d not in taken]
        if not shifts:
            continue
        new_year = str(item.year + rng.choice(shifts))
        text, _ = edit(draft.text, start + year.start(), start + year.end(), new_year)
        yield Injection("year", draft.name, f"'{cited}' -> {new_year}", text, ((start, end),), ("CIT001", "CIT003"))


def inject_delete(draft: Draft, rng: random.Random) -> Iterator[Injection]:
    cited: dict[str, list[CitationItem]] = {}
    for citation in draft.annotation.citations:
        for item in citation.items:
            if item.status == LinkStatus.LINKED and item.reference:
                cited.setdefault(item.reference, []).append(item)
    for reference in draft.annotation.references:
        items = cited.get(reference.id)
        if not items:
            continue
        start, end = draft.draft_span(reference.start, reference.end)
        end = end + 2 if draft.text[end : end + 2] == "\n\n" else end
        line_start = draft.text.rfind("\n", 0, start) + 1
        text, moved = edit(draft.text, line_start, end, "")
        sites = tuple((moved(a), moved(b)) for a, b in (draft.draft_span(i.start, i.end) for i in items))
        yield Injection("delete", draft.name, f"deleted '{reference.raw[:50]}'", text, sites, ("CIT001",))


def _initials(given: str | None) -> str:
    parts = [p for p in re.split(r"[\s.\-]+", given or "") if p]
    if len(parts) == 1 and parts[0].isupper() and len(parts[0]) <= 3:  # "SJ" (Vancouver) -> S. J.
        parts = list(parts[0])
    return " ".join(f"{p[0]}." for p in parts)


def other_format(reference: Reference, variant: int) -> str | None:
    """The same work written in another style: names and initials reordered, the year moved, other punctuation."""
    if not reference.authors or not reference.title or not reference.year:
        return None
    authors = [(a.family, _initials(a.given)) for a in reference.authors]
    title = reference.title.rstrip(".")
    container = reference.container or ""
    volume = f", {reference.volume}" if reference.volume else ""
    pages = f", pp. {reference.pages}" if reference.pages else ""
    if variant == 0:  # Rajić Nikola, Gajić Aleksandar, "Title", Container, 1, pp. 147-178, 2020.
        names = ", ".join(f"{family} {initials}".strip() for family, initials in authors)
        return f'{names}, "{title}", {container}{volume}{pages}, {reference.year}.'
    if variant == 1:  # N. Rajić and A. Gajić (2020) Title. Container 1: 147-178.
        names = [f"{initials} {family}".strip() for family, initials in authors]
        joined = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
        where = f" {reference.volume}" if reference.volume else ""
        where += f": {reference.pages}" if reference.pages else ""
        return f"{joined} ({reference.year}) {title}. {container}{where}."
    names = "; ".join(f"{family.upper()}, {initials}".strip(", ") for family, initials in authors)  # ABNT-like
    return f"{names} {title}. {container}{volume}{pages}, {reference.year}."


def inject_duplicate(draft: Draft, rng: random.Random) -> Iterator[Injection]:
    for reference in draft.annotation.references:
        entry = other_format(reference, rng.randrange(3))
        appended = _append_entry(draft, entry) if entry else None
        if appended:
            yield Injection("duplicate", draft.name, f"'{reference.raw[:40]}' again as '{entry[:60]}'",
                            appended[0], (appended[1],), ("REF001",))


def inject_uncited(draft: Draft, rng: random.Random) -> Iterator[Injection]:
    if not draft.annotation.citations:
        return
    unused = [name for name in MADE_UP_SURNAMES if name.lower() not in draft.text.lower()]
    for reference in draft.annotation.references:
        if not reference.authors or not reference.year or not unused:
            continue
        family = reference.authors[0].family
        raw = reference.raw
        if family not in raw or not reference.title or reference.title not in raw:
            continue
        raw = raw.replace(reference.title, rng.choice(MADE_UP_TITLES), 1)
        for identifier in (reference.doi, reference.url):  # a shared DOI would make it the same work
            raw = raw.replace(identifier, "") if identifier else raw
        raw = _LABEL.sub("", raw.replace(family, rng.choice(unused), 1))
        raw = raw.replace(str(reference.year), str(reference.year - 2), 1)
        appended = _append_entry(draft, raw)
        if appended:
            yield Injection("uncited", draft.name, f"added '{raw[:60]}'", appended[0], (appended[1],), ("REF004",))


def misspelt(name: str, rng: random.Random) -> str:
    """One typing slip inside a name: two letters swapped, a letter dropped or doubled, a vowel changed."""
    i = rng.randrange(1, len(name) - 2)
    slip = rng.randrange(4)
    if slip == 0 and name[i] != name[i + 1]:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if slip == 1:
        return name[:i] + name[i + 1 :]
    if slip == 2:
        return name[:i] + name[i] + name[i:]
    vowels = [c for c in "aeiou" if c != name[i].lower()]
    return name[:i] + rng.choice(vowels) + name[i + 1 :]


def inject_misspell(draft: Draft, rng: random.Random) -> Iterator[Injection]:
    listed = {key for r in draft.annotation.references for key in author_keys(r)}
    for item, _reference in _author_date_items(draft):
        start, end = draft.draft_span(item.start, item.end)
        cited = draft.text[start:end]
        family = item.authors[0].split()[-1]
        at = cited.find(family)
        if len(family) < 5 or at < 0 or not family.isalpha():
            continue
        wrong = misspelt(family, rng)
        if name_key(wrong) == name_key(family) or name_key(wrong) in listed:
            continue
        text, _ = edit(draft.text, start + at, start + at + len(family), wrong)
        yield Injection("misspell", draft.name, f"'{cited}': {family} -> {wrong}", text,
                        ((start, end + len(wrong) - len(family)),), ("CIT005", "CIT001"), needs_did_you_mean=True)


def inject_ibid(draft: Draft, rng: random.Random) -> Iterator[Injection]:
    del rng  # the sites are all candidates; the caller samples them
    for citation in draft.annotation.citations:
        works = {item.reference for item in citation.items if item.status == LinkStatus.LINKED}
        if len(works) < 2:
            continue
        _, end = draft.draft_span(citation.start, citation.end)
        text, _ = edit(draft.text, end, end, f" {IBID}")
        yield Injection("ibid", draft.name, f"{IBID} after '{citation.text[:50]}'", text,
                        ((end + 1, end + 1 + len(IBID)),), ("CIT007",))
    first_body = _first_body_sentence(draft)
    if first_body is not None:
        text, _ = edit(draft.text, first_body, first_body, f" {IBID}")
        yield Injection("ibid", draft.name, f"{IBID} in the first sentence of the body", text,
                        ((first_body + 1, first_body + 1 + len(IBID)),), ("CIT006",))


def _first_body_sentence(draft: Draft) -> int | None:
    """Draft offset before the full stop of the body's first sentence, when no citation comes before it."""
    document = draft.annotation.document
    body = next((s for s in document.sections if s.kind == SectionKind.BODY), None)
    if body is None:
        return None
    sentence = next((s for s in document.sentences if s.start >= body.start), None)
    first_citation = min((c.start for c in draft.annotation.citations), default=len(document.text))
    if sentence is None or not document.text[sentence.start : sentence.end].rstrip().endswith("."):
        return None
    stop = document.text.rindex(".", sentence.start, sentence.end)
    if first_citation < stop:
        return None
    return draft.draft_span(stop, stop + 1)[0]


def shifted_date(text: str, value: str, rng: random.Random) -> str | None:
    """The date ``text`` (ISO ``value``) with its day, or else its year, moved by a few units."""
    year = _YEAR.search(text)
    if year is None:
        return None
    if len(value) == 10:  # a day is given: move it within the month
        day = int(value[8:])
        match = re.search(rf"(?<!\d){day}(?!\d)", text)
        if match:
            new_day = rng.choice([d for d in range(max(1, day - 5), min(28, day + 5) + 1) if d != day])
            return text[: match.start()] + str(new_day) + text[match.end() :]
    new_year = int(year.group()) + rng.choice((-3, -2, -1, 1, 2, 3))
    return text[: year.start()] + str(new_year) + text[year.end() :]


def inject_date(draft: Draft, rng: random.Random) -> Iterator[Injection]:
    context = _context(draft)
    paragraphs = [p for p in draft.annotation.document.paragraphs
                  if (s := draft.annotation.document.section_of(p.start)) and s.kind == SectionKind.BODY]
    for event in dated_events(context):
        start, end = draft.draft_span(*event.sentence)
        sentence = draft.text[start:end]
        m_start, m_end = draft.draft_span(event.mention.start, event.mention.end)
        later = [p for p in paragraphs if p.start > event.sentence[1]]
        for _ in range(DATE_VARIANTS if later else 0):  # the same statement, other shifts and other places
            new_date = shifted_date(draft.text[m_start:m_end], event.mention.value, rng)
            if new_date is None:
                break
            target = draft.draft_span(*_span(rng.choice(later)))[1]
            copy = sentence[: m_start - start] + new_date + sentence[m_end - start :]
            text, _ = edit(draft.text, target, target, f"\n\n{copy}")
            site = target + 2 + (m_start - start)
            yield Injection("date", draft.name, f"'{copy[:70]}' after offset {target}", text,
                            ((site, site + len(new_date)),), ("DAT001",))


def _span(paragraph) -> tuple[int, int]:  # noqa: ANN001  (a Paragraph)
    return paragraph.start, paragraph.end


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def inject_anniversary(draft: Draft, rng: random.Random) -> Iterator[Injection]:
    document = draft.annotation.document
    for sentence in document.sentences:
        section = document.section_of(sentence.start)
        if section is None or section.kind != SectionKind.BODY:
            continue
        for anniversary in parse_anniversaries(document.text, sentence.start, sentence.end):
            start, end = draft.draft_span(anniversary.start, anniversary.end)
            phrase = draft.text[start:end]
            number = re.match(r"\d+", phrase)
            if number is None:
                continue
            for years in [anniversary.years + 1, *rng.sample(range(1, 61), 30)]:
                if years == anniversary.years:
                    continue
                new = _ordinal(years) + phrase[number.end() + 2 :]
                text, _ = edit(draft.text, start, end, new)
                yield Injection("anniversary", draft.name, f"'{phrase[:40]}' -> '{new[:40]}'", text,
                                ((start, start + len(new)),), ("DAT003",))


def _context(draft: Draft) -> CheckContext:
    return CheckContext(draft.annotation, CheckConfig())


INJECTORS: dict[str, Callable[[Draft, random.Random], Iterator[Injection]]] = {
    "year": inject_year,
    "delete": inject_delete,
    "duplicate": inject_duplicate,
    "uncited": inject_uncited,
    "misspell": inject_misspell,
    "ibid": inject_ibid,
    "date": inject_date,
    "anniversary": inject_anniversary,
}


# --- judging ------------------------------------------------------------------------------------------------


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1] or a[0] == b[0]


def judge(injection: Injection, clean: Draft, checked: Draft) -> Outcome:
    """Was an expected code reported at the injected place, and what else is new?"""
    to_document = align(injection.text, checked.annotation.document.text)
    sites = [to_document.span(*site) for site in injection.sites]
    at_site = [f for f in checked.findings if any(_overlaps((f.start, f.end), site) for site in sites)]
    caught = any(
        f.code in injection.expected
        and not (injection.needs_did_you_mean and f.code == "CIT001" and not (f.suggestion or "").startswith("Did"))
        for f in at_site
    )
    before = Counter((f.code, f.snippet) for f in clean.findings)
    introduced = []
    for finding in checked.findings:
        key = (finding.code, finding.snippet)
        if finding in at_site:
            continue
        if before[key] > 0:
            before[key] -= 1
        else:
            introduced.append(finding)
    return Outcome(injection, caught, tuple(sorted({f.code for f in at_site})), tuple(introduced))


# --- the harness --------------------------------------------------------------------------------------------


def source_drafts(directory: Path, seed_paper: Path | None) -> list[tuple[str, str]]:
    """(name, draft text) of every JATS paper of ``directory`` rendered as a draft, then the seed (if given)."""
    drafts = [(p.stem, render_draft(p.read_bytes(), path=str(p)).text) for p in sorted(directory.glob("*.xml"))]
    if seed_paper is not None:
        drafts.append((seed_paper.stem, seed_paper.read_text(encoding="utf-8")))
    return drafts


def as_extracted(name: str, text: str, workdir: Path) -> str:
    """The draft as the text extractor lays it out (paragraphs rejoined, list markers dropped). Extraction is
    idempotent, so injecting into this text keeps draft and document offsets equal: no alignment needed."""
    from pipeline.extract import extract_document

    path = workdir / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return extract_document(path).text


def _may_date_events(text: str) -> bool:
    """Cheap filter before spaCy: some sentence has an event verb and a year."""
    return bool(re.search(r"\b(?:signed|established|founded|joined|renamed|registered|created|adopted|ratified|"
                          r"launched|dissolved)\b[^.]{0,120}\b(?:1[89]\d\d|20\d\d)\b|anniversary", text))


def evaluate_defects(
    directory: Path,
    *,
    seed_paper: Path | None = None,
    kinds: Sequence[str] = KINDS,
    per_kind: int = PER_KIND,
    seed: int = SEED,
    workdir: Path | None = None,
) -> list[Outcome]:
    """Inject ``per_kind`` defects of each kind (sites sampled with ``seed``) and judge each copy."""
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="annocite-defects-") as tmp:
            return evaluate_defects(directory, seed_paper=seed_paper, kinds=kinds, per_kind=per_kind, seed=seed,
                                    workdir=Path(tmp))
    pipeline = Pipeline(workdir)
    sources = [(name, as_extracted(name, text, workdir)) for name, text in source_drafts(directory, seed_paper)]
    clean: dict[tuple[str, bool], Draft] = {}
    outcomes = []
    for kind in kinds:
        with_nlp = kind in NLP_KINDS
        rng = random.Random(f"{seed}-{kind}")
        candidates = []
        for name, text in sources:
            if with_nlp and not _may_date_events(text):
                continue
            if (name, with_nlp) not in clean:
                clean[(name, with_nlp)] = pipeline.draft(name, text, with_nlp=with_nlp)
            candidates.extend(INJECTORS[kind](clean[(name, with_nlp)], rng))
        chosen = rng.sample(candidates, min(per_kind, len(candidates)))
        for number, injection in enumerate(chosen):
            checked = pipeline.draft(f"{injection.paper}-{kind}-{number}", injection.text, with_nlp=with_nlp)
            outcomes.append(judge(injection, clean[(injection.paper, with_nlp)], checked))
    return outcomes


def recall_by_kind(outcomes: Sequence[Outcome]) -> dict[str, tuple[int, int, float]]:
    """kind -> (injected, caught, recall)."""
    table = {}
    for kind in dict.fromkeys(o.injection.kind for o in outcomes):
        mine = [o for o in outcomes if o.injection.kind == kind]
        caught = sum(o.caught for o in mine)
        table[kind] = (len(mine), caught, caught / len(mine))
    return table


def format_defects(outcomes: Sequence[Outcome]) -> str:
    """Per kind: injected, caught, recall, papers used and false positives introduced; then every miss."""
    lines = [f"{'kind':<12} {'injected':>8} {'caught':>6} {'recall':>6} {'papers':>6} {'new findings elsewhere':>22}"]
    for kind, (injected, caught, recall) in recall_by_kind(outcomes).items():
        mine = [o for o in outcomes if o.injection.kind == kind]
        papers = len({o.injection.paper for o in mine})
        introduced = Counter(f.code for o in mine for f in o.introduced)
        extra = ", ".join(f"{code} {n}" for code, n in sorted(introduced.items())) or "none"
        lines.append(f"{kind:<12} {injected:8d} {caught:6d} {recall:6.2f} {papers:6d}   {extra}")
    for outcome in outcomes:
        if not outcome.caught:
            found = ", ".join(outcome.codes_at_site) or "nothing"
            lines.append(f"missed {outcome.injection.kind} in {outcome.injection.paper}: "
                         f"{outcome.injection.description} (at the site: {found})")
    return "\n".join(lines)
