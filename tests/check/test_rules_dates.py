"""DAT rules: each has a case that fires and one that must stay quiet."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from annotation_builders import annotate, citation, date_mention, document, entity, findings_of, item, reference

from pipeline.check import CheckConfig, explain
from pipeline.check.rules.dates import dates_conflict, parse_anniversaries
from pipeline.model import PartialDate, Severity

SIGNED = """Title

The Collective Security Treaty was signed in Tashkent as early as May 15, 1992, by Russia and Armenia. The
following year, 1993, Georgia (September 9), Azerbaijan (September 24), and Belarus (December 31) joined the
Treaty. Thus, on October 5, 2007, a memorandum of understanding was signed between the CSTO and the SCO.
Later, the Collective Security Treaty was signed on May 25, 1992, according to the archive.
"""


def _signed(second_value: str = "1992-05-25"):
    doc = document(SIGNED)
    entities = (
        entity(doc, "Collective Security Treaty", "e1", "cst", "LAW"),
        entity(doc, "Tashkent", "e2", "tashkent", "GPE"),
        entity(doc, "Georgia", "e3", "georgia", "GPE"),
        entity(doc, "Azerbaijan", "e4", "azerbaijan", "GPE"),
        entity(doc, "Belarus", "e5", "belarus", "GPE"),
        entity(doc, "CSTO", "e6", "csto"),
        entity(doc, "Collective Security Treaty", "e7", "cst", "LAW", occurrence=2),
    )
    dates = (
        date_mention(doc, "May 15, 1992", "d1", "1992-05-15"),
        date_mention(doc, "1993", "d2", "1993"),
        date_mention(doc, "September 9", "d3", "1993-09-09"),
        date_mention(doc, "September 24", "d4", "1993-09-24"),
        date_mention(doc, "December 31", "d5", "1993-12-31"),
        date_mention(doc, "October 5, 2007", "d6", "2007-10-05"),
        date_mention(doc, "May 25, 1992", "d7", second_value),
    )
    return annotate(doc, entities=entities, dates=dates)


def test_dat001_fires_on_the_same_signing_with_another_day():
    findings = findings_of("DAT001", _signed())
    assert [(f.snippet, f.severity) for f in findings] == [("May 25, 1992", Severity.ERROR)]
    assert "'May 15, 1992'" in findings[0].message and "signed" in findings[0].message


def test_dat001_quiet_when_the_dates_agree_or_the_events_differ():
    # The 2007 memorandum is "signed" too, but by another subject; "joined" has three dates in one sentence.
    assert findings_of("DAT001", _signed("1992-05-15")) == []
    assert findings_of("DAT001", _signed("1992-05")) == []  # month precision agrees with May 15


def test_dates_conflict_compares_only_parts_both_give():
    assert dates_conflict(PartialDate(1992, 5, 15), PartialDate(1992, 5, 25))
    assert not dates_conflict(PartialDate(1992, 5, 15), PartialDate(1992, None, None))
    assert dates_conflict(PartialDate(1992), PartialDate(1993, 5))


RANGES = """Title

It has been chaired by B. Gryzlov (2006 to 2012), and Sergey Naryshkin (2016 to 2012).
"""


def test_dat002_fires_on_a_range_that_ends_before_it_starts():
    doc = document(RANGES)
    dates = (date_mention(doc, "2006 to 2012", "d1", "2006/2012"), date_mention(doc, "2016 to 2012", "d2", "2016/2012"))
    findings = findings_of("DAT002", annotate(doc, dates=dates))
    assert [f.snippet for f in findings] == ["2016 to 2012"]


def test_dat002_quiet_for_a_range_within_one_month():
    doc = document("Title\n\nThe meeting was held on May 18-19, 2022.\n")
    dates = (date_mention(doc, "May 18-19, 2022", "d1", "2022-05-18/2022-05-19"),)
    assert findings_of("DAT002", annotate(doc, dates=dates)) == []


ANNIVERSARY = """Title

The Collective Security Treaty was signed in Tashkent as early as May 15, 1992. On September 18, 2003, it was
upgraded and renamed the Collective Security Treaty Organization. The CSTO Parliamentary Assembly was
established in November 2006. Finally, a regular CSTO session took place in Moscow in mid-May 2022. Leaders
took part in the gathering. This meeting coincided with the {n}th anniversary of the signing of the Collective
Security Treaty and the 20th anniversary of the organization's establishment.
"""


def _anniversary(n: int):
    doc = document(ANNIVERSARY.format(n=n))
    dates = (
        date_mention(doc, "May 15, 1992", "d1", "1992-05-15"),
        date_mention(doc, "September 18, 2003", "d2", "2003-09-18"),
        date_mention(doc, "November 2006", "d3", "2006-11"),
        date_mention(doc, "mid-May 2022", "d4", "2022-05"),
    )
    return annotate(doc, dates=dates)


def test_dat003_quiet_on_the_seed_anniversaries():
    # 2022 - 1992 = 30 for the Treaty; "the organization's establishment" names nothing the text dates.
    assert findings_of("DAT003", _anniversary(30)) == []


def test_dat003_fires_when_the_count_does_not_add_up():
    findings = findings_of("DAT003", _anniversary(25))
    assert [f.snippet for f in findings] == ["25th anniversary of the signing of the Collective Security Treaty"]
    assert "30th anniversary, not the 25th" in findings[0].message


def test_parse_anniversaries_keeps_proper_names_only():
    text = ANNIVERSARY.format(n=30)  # raw, with line breaks inside the names
    found = parse_anniversaries(text, 0, len(text))
    assert [(a.years, a.name, a.verb) for a in found] == [(30, "Collective Security Treaty", "signed")]


DRAFT_DATE = """Title

The session took place on May 16, 2023. A summit will be held in June 2024 (CSTO, 2022).

REFERENCES

- CSTO. (2022, May 19). Representatives. Retrieved from: https://x.org. Accessed 19.5.2022.
- CSTO. (2024). Future plans.
"""


def _draft_dated():
    doc = document(DRAFT_DATE)
    dates = (date_mention(doc, "May 16, 2023", "d1", "2023-05-16"), date_mention(doc, "June 2024", "d2", "2024-06"),
             date_mention(doc, "2022", "d3", "2022", after="(CSTO"))
    refs = (reference(doc, "CSTO. (2022", "r1", organisation="CSTO", year=2022, month=5, day=19,
                      accessed="2022-05-19"),
            reference(doc, "CSTO. (2024", "r2", organisation="CSTO", year=2024))
    citations = (citation(doc, "c1", item(doc, "CSTO, 2022", year=2022, reference="r1")),)
    return annotate(doc, references=refs, citations=citations, dates=dates)


def test_dat004_fires_on_past_events_and_entries_after_the_draft_date():
    config = CheckConfig(draft_date=date(2022, 6, 1))
    findings = findings_of("DAT004", _draft_dated(), config)
    assert [f.snippet for f in findings] == ["May 16, 2023", "CSTO. (2024). Future plans."]
    assert all(f.severity == Severity.WARNING for f in findings)


def test_dat004_quiet_without_a_draft_date_or_before_it():
    assert findings_of("DAT004", _draft_dated()) == []
    assert findings_of("DAT004", _draft_dated(), CheckConfig(draft_date=date(2025, 1, 1))) == []


def test_severity_override_applies_to_date_rules():
    config = CheckConfig(draft_date=date(2022, 6, 1), severity={"DAT": Severity.ERROR})
    assert {f.severity for f in findings_of("DAT004", _draft_dated(), config)} == {Severity.ERROR}
    assert replace(config, severity={}).severity_of("DAT004", Severity.WARNING) == Severity.WARNING


def test_explain_prints_the_docstring_of_every_dat_rule():
    for code in ("DAT001", "DAT002", "DAT003", "DAT004"):
        text = explain(code)
        assert text.startswith(code) and "Why it matters" in text and "Example" in text
