"""The check stage on the real seed paper, with the cite/annotate results for a few known defects built by hand.

The seed (csto-perspectives.txt) lists the same Rajić & Gajić article twice in two formats, has two "CSTO
2022e" entries, cites a "2022f" that does not exist, dates a citation "May 16" against an entry of May 15,
spells Pashinyan "Pashinan" once, names the SCO two ways, and puts "Politika" after "Rajić". Its two
anniversaries (30th of the 1992 Treaty, in May 2022) are right and must not be reported.
"""

from __future__ import annotations

import pytest
from annotation_builders import (
    annotate,
    citation,
    cluster,
    date_mention,
    entity,
    item,
    reference,
    seed_document,
)

from pipeline.check import CheckConfig, run_checks
from pipeline.model import LinkStatus

RAJIC_TITLE = ("Relations of the Collective Security Treaty Organization (CSTO) with the Shanghai Cooperation "
               "Organization and NATO")
WEB = {"kind": "web", "url": "https://en.odkb-csto.org/", "accessed": "2022-03-03"}

# (entry starts with, id, authors or organisation, year, suffix, month, day, extra fields) as a parser gives them
SEED_REFERENCES = [
    ("Bardžić", "ref1", ("Bardžić", "Đurić"), 2016, None, None, None, {"title": "Doctrine", "pages": "63-80"}),
    ("Collective", "ref2", "Collective Security Treaty", 1992, None, 5, 15, {"title": "CSTO Official Website"}),
    ("CSTO. (2009)", "ref3", "CSTO", 2009, None, None, None, {"title": "Stages in the Formation"}),
    ("CSTO. (2020", "ref4", "CSTO", 2020, None, 6, 15, {"title": "Secretary General", **WEB, "accessed": None}),
    ("CSTO. (2022a)", "ref5", "CSTO", 2022, "a", None, None, {"title": "Authorized Organs", **WEB}),
    ("CSTO. (2022b)", "ref6", "CSTO", 2022, "b", None, None, {"title": "The Council of Minister", **WEB}),
    ("CSTO. (2022c)", "ref7", "CSTO", 2022, "c", None, None, {"title": "The Committee", **WEB}),
    ("CSTO. (2022d)", "ref8", "CSTO", 2022, "d", None, None, {"title": "Parliamentary Assembly", **WEB}),
    ("CSTO. (2022e). CSTO", "ref9", "CSTO", 2022, "e", None, None, {"title": "CSTO Permanent Council", **WEB}),
    ("CSTO. (2022e). Doc", "ref10", "CSTO", 2022, "e", None, None, {"title": "Documents", **WEB}),
    ("CSTO. (2022, April", "ref11", "CSTO", 2022, None, 4, 29, {"title": "Permanent Council agreed", **WEB,
                                                                 "accessed": "2022-05-03"}),
    ("CSTO. (2022, May", "ref12", "CSTO", 2022, None, 5, 19, {"title": "Representatives", **WEB,
                                                                 "accessed": "2022-05-19"}),
    ("Danas", "ref13", "Danas", 2022, None, 3, 19, {"title": "AFP: Kazahstan", **WEB, "accessed": "2022-05-03"}),
    ("Galović", "ref14", ("Galović",), 2022, None, 1, 14, {"title": "ODKB se posle", **WEB}),
    ("Karimov", "ref15", ("Karimov",), 2021, None, 1, 11, {"title": "Effectiveness of the CSTO", **WEB}),
    ("Lobanov, K. (2015)", "ref16", ("Lobanov",), 2015, None, None, None, {"title": "Hybrid"}),
    ("Lobanov, K. (2019)", "ref17", ("Lobanov",), 2019, None, None, None, {"title": "CSTO", "pages": "214-233"}),
    ("Petrović Dragan", "ref18", ("Petrović",), 2010, None, None, None, {"title": "Integration Processes"}),
    ("Petrović, D. (2021)", "ref19", ("Petrović",), 2021, None, None, None, {"title": "Urajinska kriza"}),
    ("President", "ref20", "President of Russia", 2022, None, 5, 15, {"title": "CSTO summit", **WEB,
                                                                    "accessed": "2022-05-15"}),
    ("Rajić, N.", "ref21", ("Rajić", "Gajić"), 2020, None, None, None, {"title": RAJIC_TITLE, "pages": "147-178"}),
    ("Politika", "ref22", "Politika", 2022, None, 3, 1, {"title": "Tokajev: Loš mir"}),
    ("Rajić Nikola", "ref23", ("Rajić Nikola", "Gajić Aleksandar"), None, None, None, None,
     {"title": RAJIC_TITLE, "pages": "147-178"}),
    ("Simić", "ref24", ("Simić",), 2018, None, None, None, {"title": "New International Order", "pages": "126-152"}),
    ("Tošić", "ref25", ("Tošić Malešević",), 2017, None, None, None, {"title": "Disintegration", "pages": "400-435"}),
]


def _references(doc):
    refs = []
    for starts, rid, who, year, suffix, month, day, extra in SEED_REFERENCES:
        names = {"families": who} if isinstance(who, tuple) else {"organisation": who}
        refs.append(reference(doc, starts, rid, year=year, year_suffix=suffix, month=month, day=day, **names, **extra))
    return tuple(refs)


def _citations(doc):
    groups = [
        (item(doc, "CSTO, 2009, p. 13", year=2009, locator="p. 13", reference="ref3"),),
        (item(doc, "*Ibid.*, pp. 17, 21, 25", kind="ibid", status=LinkStatus.IBID, reference="ref3"),
         item(doc, "Petrović, 2010, p. 85", year=2010, reference="ref18")),
        (item(doc, "*Ibid.*, p. 31", kind="ibid", status=LinkStatus.IBID, reference="ref18"),),
        (item(doc, "CSTO, 2022e", status=LinkStatus.AMBIGUOUS, year=2022, year_suffix="e",
              candidates=("ref9", "ref10")),),
        (item(doc, "CSTO, 2022f", status=LinkStatus.MISSING, year=2022, year_suffix="f",
              candidates=("ref9", "ref10")),),
        (item(doc, "Rajić & Gajić, 2020, pp. 152", authors=("Rajić", "Gajić"), year=2020, locator="pp. 152",
              reference="ref21"),),
        (item(doc, "*Ibid.*, p. 169", kind="ibid", status=LinkStatus.IBID, locator="p. 169", reference="ref21"),),
        (item(doc, "President of Russia, May 16", authors=("President of Russia",), month=5, day=16,
              reference="ref20"),),
    ]
    return tuple(citation(doc, f"c{n}", *group) for n, group in enumerate(groups, 1))


@pytest.fixture(scope="module")
def seed_annotation(shared_dir):
    doc = seed_document(shared_dir)
    entities = (
        entity(doc, "Pashinan", "e1", "pashinyan", "PERSON"),
        entity(doc, "Nikol Pashinyan", "e2", "pashinyan", "PERSON"),
        entity(doc, "Shanghai Cooperation Organization", "e3", "sco"),
        entity(doc, "Shanghai Security Organization", "e4", "sco"),
        entity(doc, "Collective Security Treaty", "e5", "cst", "LAW", after="INTRODUCTION"),
    )
    clusters = (
        cluster("pashinyan", "Nikol Pashinyan", "PERSON", forms=("Nikol Pashinyan", "Pashinan"),
                variants=("Pashinan",)),
        cluster("sco", "Shanghai Cooperation Organization", forms=("SCO", "Shanghai Cooperation Organization"),
                expansions=("Shanghai Cooperation Organization", "Shanghai Security Organization")),
    )
    dates = (
        date_mention(doc, "May 15, 1992", "d1", "1992-05-15"),
        date_mention(doc, "September 18, 2003", "d2", "2003-09-18"),
        date_mention(doc, "November 2006", "d3", "2006-11"),
        date_mention(doc, "2006 to 2012", "d4", "2006/2012"),
        date_mention(doc, "mid-May", "d5", "2022-05"),
        date_mention(doc, "May 18-19", "d6", "2022-05-18/2022-05-19"),
    )
    return annotate(doc, references=_references(doc), citations=_citations(doc), entities=entities,
                    clusters=clusters, dates=dates)


CODES = ("REF001", "REF002", "REF003", "REF007", "REF009", "CIT", "DAT", "ENT", "STY001")


def test_seed_defects_are_reported_and_nothing_else(seed_annotation):
    findings = run_checks(seed_annotation, CheckConfig(select=CODES))
    assert [(f.code, f.snippet[:28]) for f in findings] == [
        ("CIT002", "CSTO, 2022e"),
        ("CIT007", "*Ibid.*, p. 31"),
        ("CIT001", "CSTO, 2022f"),
        ("ENT002", "Shanghai Security Organizati"),
        ("ENT001", "Pashinan"),
        ("CIT003", "President of Russia, May 16"),
        ("REF007", "CSTO. (2020, June 15). The C"),
        ("REF002", "CSTO. (2022e). Documents. Re"),
        ("STY001", "Politika. (2022, March 1). T"),
        ("REF001", "Rajić Nikola, Gajić Aleksand"),
    ]


def test_seed_findings_point_at_source_lines(seed_annotation, shared_dir):
    lines = (shared_dir / "papers" / "csto-perspectives.txt").read_text(encoding="utf-8").splitlines()
    for finding in run_checks(seed_annotation, CheckConfig(select=CODES)):
        quoted = lines[finding.line - 1][finding.column - 1 :]
        assert quoted.startswith(finding.snippet[:12]), finding


def test_seed_suggestions_name_the_fix(seed_annotation):
    by_code = {f.code: f for f in run_checks(seed_annotation, CheckConfig(select=CODES))}
    assert by_code["CIT001"].suggestion == (
        "Did you mean 'CSTO 2022e (CSTO Permanent Council)' or 'CSTO 2022e (Documents)'?"
    )
    assert by_code["CIT003"].message.endswith("is dated 2022, May 15")
    assert by_code["STY001"].suggestion == "Move the entry before 'President of Russia 2022, May 15'"
    assert by_code["ENT001"].suggestion == "Use one spelling: 'Pashinyan'"
    assert by_code["REF001"].references == ("ref21", "ref23")
