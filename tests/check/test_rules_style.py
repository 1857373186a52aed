"""STY rules: each has a case that fires and one that must stay quiet."""

from __future__ import annotations

from annotation_builders import annotate, citation, document, findings_of, item, reference

from pipeline.check import CheckConfig, explain
from pipeline.model import Severity

ORDER = """Title

Text.

REFERENCES

- CSTO. (2022e). Documents.
- CSTO. (2022, April 29). The Permanent Council has agreed.
- Đurić, D. (2016). Doctrine.
- Dacic, I. (2020). Neutrality.
- President of Russia. (2022, May 15). CSTO summit.
- Rajić, N., Gajić, A. (2020). Relations of the CSTO.
- Politika. (2022, March 1). Tokajev: Loš mir bolji od dobre svađe.
- Petrović Dragan, Integration Processes in the Post-Soviet Space, Belgrade, 2010.
"""


def _order(style: str = "auto"):
    doc = document(ORDER)
    refs = (
        reference(doc, "CSTO. (2022e)", "e", organisation="CSTO", year=2022, year_suffix="e"),
        reference(doc, "CSTO. (2022, April", "apr", organisation="CSTO", year=2022, month=4, day=29),
        reference(doc, "Đurić", "dur", families=("Đurić",), year=2016),
        reference(doc, "Dacic", "dac", families=("Dacic",), year=2020),
        reference(doc, "President", "pres", organisation="President of Russia", year=2022),
        reference(doc, "Rajić", "raj", families=("Rajić", "Gajić"), year=2020),
        reference(doc, "Politika", "pol", organisation="Politika", year=2022),
        reference(doc, "Petrović Dragan", "pet", families=("Petrović",), year=2010),
    )
    return annotate(doc, references=refs)


def test_sty001_fires_on_entries_out_of_alphabetical_order():
    findings = findings_of("STY001", _order())
    # Đurić folds to "duric", so it belongs after Dacic; Politika and Petrović belong before President.
    assert [f.references for f in findings] == [("dac",), ("pol",), ("pet",)]
    assert findings[1].suggestion == "Move the entry before 'President of Russia 2022'"
    assert {f.severity for f in findings} == {Severity.WARNING}


def test_sty001_quiet_for_an_alphabetical_list_with_dated_same_year_entries():
    annotation = _order()
    kept = tuple(r for r in annotation.references if r.id not in {"dac", "pol", "pet"})
    assert findings_of("STY001", annotate(annotation.document, references=kept)) == []


NUMERIC = """Title

First [2], then [1], then [3].

REFERENCES

[1] Zed, A. Alpha. 2001.
[3] Young, B. Beta. 2002.
[2] Xu, C. Gamma. 2003.
"""


def test_sty001_numeric_labels_and_first_citation_order():
    doc = document(NUMERIC)
    refs = tuple(reference(doc, name, rid, families=(name.split(",")[0],), label=rid, year=2001)
                 for name, rid in (("Zed", "1"), ("Young", "3"), ("Xu", "2")))
    citations = tuple(citation(doc, f"c{n}", item(doc, n, kind="numeric", number=int(n), after="First", reference=n))
                      for n in ("2", "1", "3"))
    findings = findings_of("STY001", annotate(doc, references=refs, citations=citations))
    assert [f.message for f in findings] == [
        "[2] is cited before [1]: the list is not in order of first citation",
        "Entry [2] comes after entry [3]",
    ]


NUMERIC_IN_ORDER = """Title

First [1], then [2], then [3].

REFERENCES

[1] Zed, A. Alpha. 2001.
[2] Young, B. Beta. 2002.
[3] Xu, C. Gamma. 2003.
"""


def test_sty001_numeric_quiet_when_in_order():
    doc = document(NUMERIC_IN_ORDER)
    refs = tuple(reference(doc, name, rid, families=(name,), label=rid) for name, rid in (("Zed", "1"), ("Young", "2"),
                                                                                         ("Xu", "3")))
    citations = tuple(citation(doc, f"c{n}", item(doc, n, kind="numeric", number=int(n), after="First", reference=n))
                      for n in ("1", "2", "3"))
    assert findings_of("STY001", annotate(doc, references=refs, citations=citations)) == []


def test_sty002_reports_entries_in_another_format_as_info():
    findings = findings_of("STY002", _order())
    assert [(f.references, f.severity) for f in findings] == [(("pet",), Severity.INFO)]


def test_sty002_quiet_for_numeric_lists_and_uniform_lists():
    assert findings_of("STY002", _order(), CheckConfig(style="numeric")) == []
    annotation = _order()
    uniform = tuple(r for r in annotation.references if r.id != "pet")
    assert findings_of("STY002", annotate(annotation.document, references=uniform)) == []


def test_explain_prints_the_docstring_of_every_sty_rule():
    for code in ("STY001", "STY002"):
        assert "Why it matters" in explain(code)


ACL_ORDER = """Title

Text.

REFERENCES

Tsung Teng Chen and Maria Lee. 2018. Research paper recommender systems.
Wei Chen, Ana Li, and Bo Wu. 2019. Graphs.
K. Bretonnel Cohen, Helen L. Johnson, and Lawrence Hunter. 2010. Abstracts versus bodies.
Pengfei Liu, King Keung Wu, and Helen M. Meng. 2018. Paragraph vectors.
Pengfei Liu, Xipeng Qiu, and Xuanjing Huang. 2017. Recurrent networks.
Laurens van der Maaten. 2014. Accelerating t-SNE.
Allen Nie, Erin Bennett, and Noah Goodman. 2019. DisSent.
"""


def test_sty001_quiet_for_natbib_order_particles_and_compound_family_names():
    """ACL/natbib files "van der Maaten" under M and orders one first author's entries by co-authors, not year;
    a compound family name ("Bretonnel Cohen") may be filed under either word."""
    doc = document(ACL_ORDER)
    refs = (
        reference(doc, "Tsung", "a", families=("Chen", "Lee"), year=2018),
        reference(doc, "Wei Chen", "b", families=("Chen", "Li", "Wu"), year=2019),
        reference(doc, "K. Bretonnel", "c", families=("Bretonnel Cohen", "Johnson", "Hunter"), year=2010),
        reference(doc, "Pengfei Liu, King", "d", families=("Liu", "Wu", "Meng"), year=2018),
        reference(doc, "Pengfei Liu, Xipeng", "e", families=("Liu", "Qiu", "Huang"), year=2017),
        reference(doc, "Laurens", "f", families=("van der Maaten",), year=2014),
        reference(doc, "Allen", "g", families=("Nie", "Bennett", "Goodman"), year=2019),
    )
    assert findings_of("STY001", annotate(doc, references=refs)) == []


PARTICLE_ORDER = """Title

Text.

REFERENCES

Le Pichon CE, Meilandt WJ. 2017. Loss of dual leucine zipper kinase signaling.
Lee HK, Wright AP, Zinn K. 2009. Live dissection of Drosophila embryos.
Leal SM. 2003. Drosophila synapses.
"""


def test_sty001_files_a_particle_name_word_by_word_or_letter_by_letter():
    """eLife 24271 lists "Le Pichon" before "Lee" (word by word: nothing before something); "Leal" after "Lee" is
    out of order under every reading."""
    doc = document(PARTICLE_ORDER)
    refs = (reference(doc, "Le Pichon", "pichon", families=("Le Pichon", "Meilandt"), year=2017),
            reference(doc, "Lee HK", "lee", families=("Lee", "Wright", "Zinn"), year=2009),
            reference(doc, "Leal SM", "leal", families=("Leal",), year=2003))
    assert [f.references for f in findings_of("STY001", annotate(doc, references=refs))] == [("leal",)]
