"""CIT rules: each has a case that fires and one that must stay quiet."""

from __future__ import annotations

from annotation_builders import annotate, citation, document, findings_of, item, reference

from pipeline.check import explain
from pipeline.check.rules.citations import misspelt_names
from pipeline.model import LinkStatus, PartialDate, Severity

DRAFT = """Title

Platforms against chemical terrorism have been established (CSTO, 2022f). The Council decides by consensus
(CSTO, 2022e). Tokayev thanked Russia (President of Russia, May 16). The treaty was signed (Collective
Security Treaty, 1992, May 15). The Joint Staff met (CSTO, 2022, May 19). Dialogue with NATO began (Rajić &
Gajić, 2020, pp. 152). A memorandum was signed (Ibid., p. 169). A later chapter says so (Rajic & Gajic, 2020,
p. 190). Armed forces are 28,000 (Bardzic & Djuric, 2016). Nothing more (Pashinan, 2021).

REFERENCES

- Bardžić, Ž., Đurić, D. (2016). Doctrine of the Collective Security Treaty Organization, Oditor, 3(1), pp. 63-80.
- Collective Security Treaty. (1992, May 15; 2010, December 10). CSTO Official Website.
- CSTO. (2022e). CSTO Permanent Council.
- CSTO. (2022e). Documents.
- CSTO. (2022, May 19). Representatives of the defense ministries.
- Pashinyan, N. (2021). Armenia and the CSTO.
- President of Russia. (2022, May 15). CSTO summit.
- Rajić, N., Gajić, A. (2020).Relations of the CSTO with the SCO and NATO, National Security Policy, (1), pp. 147-178.
"""


def _annotation():
    doc = document(DRAFT)
    refs = (
        reference(doc, "Bardžić", "bar", families=("Bardžić", "Đurić"), year=2016, pages="63-80"),
        reference(doc, "Collective", "cst", organisation="Collective Security Treaty", year=1992, month=5, day=15,
                  more_dates=()),
        reference(doc, "CSTO. (2022e). CSTO", "e1", organisation="CSTO", year=2022, year_suffix="e"),
        reference(doc, "CSTO. (2022e). Doc", "e2", organisation="CSTO", year=2022, year_suffix="e"),
        reference(doc, "CSTO. (2022, May", "may19", organisation="CSTO", year=2022, month=5, day=19),
        reference(doc, "Pashinyan", "pas", families=("Pashinyan",), year=2021),
        reference(doc, "President", "pres", organisation="President of Russia", year=2022, month=5, day=15),
        reference(doc, "Rajić", "raj", families=("Rajić", "Gajić"), year=2020, pages="147-178"),
    )
    groups = [
        (item(doc, "CSTO, 2022f", status=LinkStatus.MISSING, authors=("CSTO",), year=2022, year_suffix="f",
              candidates=("e1", "e2")),),
        (item(doc, "CSTO, 2022e", status=LinkStatus.AMBIGUOUS, authors=("CSTO",), year=2022, year_suffix="e",
              candidates=("e1", "e2")),),
        (item(doc, "President of Russia, May 16", authors=("President of Russia",), month=5, day=16,
              reference="pres"),),
        (item(doc, "Collective Security Treaty, 1992, May 15", authors=("Collective Security Treaty",), year=1992,
              month=5, day=15, reference="cst"),),
        (item(doc, "CSTO, 2022, May 19", authors=("CSTO",), year=2022, month=5, day=19, reference="may19"),),
        (item(doc, "Rajić & Gajić, 2020, pp. 152", authors=("Rajić", "Gajić"), year=2020, locator="pp. 152",
              reference="raj"),),
        (item(doc, "Ibid., p. 169", kind="ibid", status=LinkStatus.IBID, locator="p. 169", reference="raj"),),
        (item(doc, "Rajic & Gajic, 2020, p. 190", authors=("Rajic", "Gajic"), year=2020, locator="p. 190",
              reference="raj"),),
        (item(doc, "Bardzic & Djuric, 2016", authors=("Bardzic", "Djuric"), year=2016, reference="bar"),),
        (item(doc, "Pashinan, 2021", authors=("Pashinan",), year=2021, reference="pas"),),
    ]
    citations = tuple(citation(doc, f"c{n}", *group) for n, group in enumerate(groups, 1))
    return annotate(doc, references=refs, citations=citations)


def test_cit001_fires_with_did_you_mean():
    findings = findings_of("CIT001", _annotation())
    assert [(f.snippet, f.severity) for f in findings] == [("CSTO, 2022f", Severity.ERROR)]
    assert findings[0].suggestion == "Did you mean 'CSTO 2022e' or 'CSTO 2022e'?"  # no titles to tell them apart
    assert findings[0].references == ("e1", "e2")


def test_cit001_quiet_for_linked_and_ibid_items():
    doc = document(DRAFT)
    lonely_ibid = item(doc, "Ibid., p. 169", kind="ibid", status=LinkStatus.MISSING)
    linked = item(doc, "Pashinan, 2021", reference="pas")
    annotation = annotate(doc, citations=(citation(doc, "a", linked), citation(doc, "b", lonely_ibid)))
    assert findings_of("CIT001", annotation) == []


def test_cit002_fires_on_ambiguous_items_only():
    findings = findings_of("CIT002", _annotation())
    assert [f.snippet for f in findings] == ["CSTO, 2022e"]
    assert "2 entries" in findings[0].message


def test_cit003_fires_on_the_day_that_disagrees():
    findings = findings_of("CIT003", _annotation())
    assert [f.snippet for f in findings] == ["President of Russia, May 16"]
    assert findings[0].message == (
        "Citation is dated May 16 (no year) but its entry 'President of Russia' is dated 2022, May 15"
    )


def test_cit003_quiet_when_any_date_of_the_entry_matches():
    doc = document(DRAFT)
    refs = (reference(doc, "Collective", "cst", organisation="Collective Security Treaty", year=1992, month=5,
                      day=15, more_dates=(PartialDate(2010, 12, 10),)),)
    second = item(doc, "Collective Security Treaty, 1992, May 15", year=2010, month=12, day=10, reference="cst")
    annotation = annotate(doc, references=refs, citations=(citation(doc, "c", second),))
    assert findings_of("CIT003", annotation) == []


def test_cit004_fires_on_month_day_without_year_and_suggests_the_entry_year():
    doc = document(DRAFT)
    refs = (reference(doc, "President", "pres", organisation="President of Russia", year=2022, month=5, day=16),)
    cited = item(doc, "President of Russia, May 16", authors=("President of Russia",), month=5, day=16,
                 reference="pres")
    findings = findings_of("CIT004", annotate(doc, references=refs, citations=(citation(doc, "c", cited),)))
    assert [f.snippet for f in findings] == ["President of Russia, May 16"]
    assert findings[0].suggestion == "Add the year 2022 before the month and day"


def test_cit003_and_cit004_report_a_yearless_wrong_day_once():
    """'(President of Russia, May 16)' against an entry of 2022, May 15: one finding that says both."""
    annotation = _annotation()
    assert findings_of("CIT004", annotation) == []
    (mismatch,) = findings_of("CIT003", annotation)
    assert "(no year)" in mismatch.message and mismatch.suggestion.startswith("Write the entry's full date")


def test_cit004_quiet_when_the_year_is_given():
    annotation = _annotation()
    dated = [c for c in annotation.citations if all(i.month is None or i.year for i in c.items)]
    assert findings_of("CIT004", annotate(annotation.document, citations=tuple(dated))) == []


def test_cit005_fires_on_a_close_misspelling_not_on_diacritics():
    findings = findings_of("CIT005", _annotation())
    assert [f.snippet for f in findings] == ["Pashinan, 2021"]
    assert "'Pashinan'" in findings[0].message and "'Pashinyan'" in findings[0].message


def test_cit005_name_comparison_is_diacritics_aware():
    assert misspelt_names(("Djuric", "Bardzic"), ["Bardžić", "Đurić"]) == []
    assert misspelt_names(("Tošić Malešević",), ["Tosic Malesevic"]) == []
    assert misspelt_names(("Pashinan",), ["Pashinyan"]) == [("Pashinan", "Pashinyan")]
    assert misspelt_names(("Smith et al.",), ["Smith", "Jones"]) == []
    assert misspelt_names(("Lobanov",), ["Karimov"]) == []  # a different person, not a misspelling


IBIDS = """Title

The goals are peace (Ibid., p. 7). The bodies are listed (CSTO, 2009, p. 13). Other documents agree (Ibid.,
pp. 17, 21, 25; Petrović, 2010, p. 85). Afghanistan mattered (Ibid., p. 31). The budget is shared (Lobanov,
2019; Ibid., p. 4).

REFERENCES

- CSTO. (2009). Stages in the Formation.
- Lobanov, K. (2019). Collective Security.
- Petrović Dragan, Integration Processes, 2010.
"""


def _ibids():
    doc = document(IBIDS)
    citations = (
        citation(doc, "c1", item(doc, "Ibid., p. 7", kind="ibid", status=LinkStatus.MISSING)),
        citation(doc, "c2", item(doc, "CSTO, 2009, p. 13", reference="r1")),
        citation(doc, "c3", item(doc, "Ibid., pp. 17, 21, 25", kind="ibid", status=LinkStatus.IBID, reference="r1"),
                 item(doc, "Petrović, 2010, p. 85", reference="r3")),
        citation(doc, "c4", item(doc, "Ibid., p. 31", kind="ibid", status=LinkStatus.AMBIGUOUS,
                                 candidates=("r1", "r3"))),
        citation(doc, "c5", item(doc, "Lobanov, 2019", reference="r2"),
                 item(doc, "Ibid., p. 4", kind="ibid", status=LinkStatus.IBID, reference="r2")),
    )
    return annotate(doc, citations=citations)


def test_cit006_fires_on_the_first_citation_being_ibid():
    assert [f.snippet for f in findings_of("CIT006", _ibids())] == ["Ibid., p. 7"]


def test_cit006_quiet_when_a_citation_precedes():
    annotation = _ibids()
    assert findings_of("CIT006", annotate(annotation.document, citations=annotation.citations[1:])) == []


def test_cit007_fires_after_a_multi_work_citation_only():
    findings = findings_of("CIT007", _ibids())
    assert [f.snippet for f in findings] == ["Ibid., p. 31"]


def test_cit007_detects_the_multi_work_antecedent_even_when_the_linker_picked_one():
    annotation = _ibids()
    picked = annotation.citations[3]
    relinked = type(picked)(picked.id, picked.start, picked.end, picked.text, picked.claim_start, picked.claim_end,
                            False, (item(annotation.document, "Ibid., p. 31", kind="ibid", status=LinkStatus.IBID,
                                         reference="r1"),))
    citations = (*annotation.citations[:3], relinked, *annotation.citations[4:])
    assert [f.snippet for f in findings_of("CIT007", annotate(annotation.document, citations=citations))] == [
        "Ibid., p. 31"
    ]


def test_cit008_fires_outside_the_range_and_follows_ibid_links():
    findings = findings_of("CIT008", _annotation())
    assert [f.snippet for f in findings] == ["Rajic & Gajic, 2020, p. 190"]
    assert "147-178" in findings[0].message


def test_cit008_quiet_inside_the_range():
    annotation = _annotation()
    inside = [c for c in annotation.citations if "190" not in c.text]
    assert findings_of("CIT008", annotate(annotation.document, references=annotation.references,
                                          citations=tuple(inside))) == []


def test_explain_prints_the_docstring_of_every_cit_rule():
    for code in ("CIT001", "CIT002", "CIT003", "CIT004", "CIT005", "CIT006", "CIT007", "CIT008"):
        text = explain(code)
        assert text.startswith(code) and "Why it matters" in text and "Example" in text
