"""Rule cases found by running check on published papers (corpus-dev JATS rendered as drafts): each false alarm
became a quiet case, and each narrowing keeps a case that still fires."""

from __future__ import annotations

from annotation_builders import annotate, citation, document, findings_of, item, reference

from pipeline.check.rules.citations import misspelt_names
from pipeline.model import LinkStatus, Severity

AUTHOR_YEAR = """Title

Folding in silico (Das and Baker, 2008). Gap junctions were reported (Strettoia et al., 1992). The model
was refined (Wang et al., 2016). Expression was compared (Anders et al., 2014).

References

Das R, Baker D. 2008. Macromolecular modeling with rosetta. Annual Review of Biochemistry 77:363-382.

Dustrude ET, Moutal A, Wang Y. 2016. Hierarchical CRMP2 posttranslational modifications control NaV1.7.
PNAS 113:E8443.

Strettoi E, Raviola E, Dacheux RF. 1992. Synaptic connections of the narrow-field, bistratified rod amacrine
cell. The Journal of Comparative Neurology 325:152-168.

Anders S, Pyl PT, Huber W. 2015. HTSeq: a Python framework to work with high-throughput sequencing data.
Bioinformatics 31:166-169.
"""


def _author_year():
    doc = document(AUTHOR_YEAR)
    refs = (
        # "Das R" was read as no author at all: the entry is there, its names were not understood
        reference(doc, "Das R", "das", year=2008, title="Das R, Baker D.", parsed=False),
        reference(doc, "Dustrude", "dus", families=("Dustrude", "Moutal", "Wang"), year=2016, title="Hierarchical"),
        reference(doc, "Strettoi", "str", families=("Strettoi", "Raviola", "Dacheux"), year=1992, title="Synaptic"),
        reference(doc, "Anders", "and", families=("Anders", "Pyl", "Huber"), year=2015, title="HTSeq"),
    )
    missing = {"status": LinkStatus.MISSING}
    items = (
        item(doc, "Das and Baker, 2008", authors=("Das", "Baker"), year=2008, **missing),
        item(doc, "Strettoia et al., 1992", authors=("Strettoia",), year=1992, **missing),
        item(doc, "Wang et al., 2016", authors=("Wang",), year=2016, **missing),
        item(doc, "Anders et al., 2014", authors=("Anders",), year=2014, candidates=("and",), **missing),
    )
    return annotate(doc, references=refs, citations=tuple(citation(doc, f"c{n}", i) for n, i in enumerate(items)))


def test_cit001_is_a_warning_when_an_entry_opens_with_the_cited_names_and_year():
    by_snippet = {f.snippet: f for f in findings_of("CIT001", _author_year())}
    das = by_snippet["Das and Baker, 2008"]
    assert das.severity == Severity.WARNING and das.references == ("das",)
    assert "could not be read" in das.message


def test_cit001_stays_an_error_when_the_cited_name_is_not_the_entrys_first_author():
    wang = {f.snippet: f for f in findings_of("CIT001", _author_year())}["Wang et al., 2016"]
    assert wang.severity == Severity.ERROR  # Wang is the third author of Dustrude et al. 2016


def test_cit001_suggests_a_same_year_entry_with_a_close_spelling_first():
    by_snippet = {f.snippet: f for f in findings_of("CIT001", _author_year())}
    assert by_snippet["Strettoia et al., 1992"].suggestion == "Did you mean 'Strettoi et al. 1992'?"
    assert by_snippet["Strettoia et al., 1992"].severity == Severity.ERROR
    assert by_snippet["Anders et al., 2014"].suggestion == "Did you mean 'Anders et al. 2015'?"


NUMBERED = """Title

Aggregations were reported [1]. Table sources: Froese and Pauly (2003).

References

1. Claydon J (2004) Spawning aggregations of coral reef fishes. Oceanogr Mar Biol 42: 265-302.
"""


def test_cit001_author_year_mention_in_a_numbered_paper_is_a_warning():
    doc = document(NUMBERED)
    refs = (reference(doc, "Claydon", "r1", families=("Claydon",), year=2004, title="Spawning", label="1"),)
    numbered = item(doc, "1", after="reported", kind="numeric", number=1, reference="r1")
    mention = item(doc, "2003", authors=("Froese", "Pauly"), year=2003, status=LinkStatus.MISSING)
    annotation = annotate(doc, references=refs, citations=(citation(doc, "c1", numbered), citation(doc, "c2", mention)))
    (finding,) = findings_of("CIT001", annotation)
    assert finding.severity == Severity.WARNING and "numbered paper" in finding.message


def test_cit005_quiet_when_a_name_only_leaves_out_whole_words():
    assert misspelt_names(("Harreveld",), ["van Harreveld"]) == []
    assert misspelt_names(("U.S. Census Bureau",), ["Census Bureau"]) == []
    assert misspelt_names(("R Development Core Team",), ["Development Core Team"]) == []
    assert misspelt_names(("van Harrevelt",), ["van Harreveld"]) == [("van Harrevelt", "van Harreveld")]


TITLES = """Title

Text.

References

Marko JF, Siggia ED. 1995. Stretching DNA. Macromolecules 28:8759-8770.

Bustamante C, Marko J. 1994. Entropic elasticity of lambda-phage DNA. Science 265:1599-1600.

Smith A. 2001. Journal of Things 3:1-9.

Jones B. 2002. A title here. Journal of Things 4:1-9.
"""


def test_ref006_quiet_when_the_title_was_read_into_the_container_but_fires_on_a_real_gap():
    doc = document(TITLES)
    refs = (
        reference(doc, "Marko", "mar", families=("Marko", "Siggia"), year=1995,
                  container="Stretching DNA. Macromolecules"),
        reference(doc, "Bustamante", "bus", families=("Bustamante", "Marko"), year=1994, title="Entropic elasticity"),
        reference(doc, "Smith", "smi", families=("Smith",), year=2001, container="Journal of Things"),
        reference(doc, "Jones", "jon", families=("Jones",), year=2002, title="A title here"),
    )
    assert [f.references for f in findings_of("REF006", annotate(doc, references=refs))] == [("smi",)]


ACTA = """Title

Text.

References

Berejnov, V., Husseini, N. S. & Thorne, R. E. (2006). J. Appl. Cryst. 39, 244-251.

Bergfors, T. (2007). Methods Mol. Biol. 363, 131-151.

Rupp, B. (2003). J. Struct. Biol. 142, 162-169.
"""


def test_ref006_quiet_in_a_list_written_without_article_titles():
    doc = document(ACTA)
    refs = tuple(
        reference(doc, name, name.lower(), families=(name,), year=year, container="J")
        for name, year in (("Berejnov", 2006), ("Bergfors", 2007), ("Rupp", 2003))
    )
    assert findings_of("REF006", annotate(doc, references=refs)) == []


DUPLICATE = """Title

Dialogue with NATO began (Rajić & Gajić, 2020).

References

- Rajić, N., Gajić, A. (2020). Relations of the CSTO with the SCO and NATO. National Security Policy, (1).
- Rajić Nikola, Gajić Aleksandar, "Relations of the CSTO with the SCO and NATO", National Security Policy, 2020.
"""


def test_ref004_leaves_the_uncited_twin_of_a_cited_entry_to_ref001():
    doc = document(DUPLICATE)
    title = "Relations of the CSTO with the SCO and NATO"
    refs = (reference(doc, "Rajić, N.", "r1", families=("Rajić", "Gajić"), year=2020, title=title),
            reference(doc, "Rajić Nikola", "r2", families=("Rajić Nikola", "Gajić Aleksandar"), year=2020, title=title))
    cited = citation(doc, "c", item(doc, "Rajić & Gajić, 2020", authors=("Rajić", "Gajić"), year=2020, reference="r1"))
    annotation = annotate(doc, references=refs, citations=(cited,))
    assert findings_of("REF004", annotation) == []
    assert [f.references for f in findings_of("REF001", annotation)] == [("r1", "r2")]
