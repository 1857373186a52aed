"""Citations without brackets: flattened superscript numbers (numbered papers) and bare author-year callouts."""

from __future__ import annotations

import pytest
from citation_fixtures import make_document

from pipeline.cite.citations import find_citations

NUMBERED = [f"Author{n}, A. Title number {n}." for n in range(1, 48)]
AUTHOR_YEAR = [
    "Burdin, G., Esponda, F., & Vigorito, A. (2014). Desigualdad y altos ingresos. Serie Documentos.",
    "Stotsky, J. (1996). Gender bias in tax systems. IMF Working Paper.",
    "Elson, D. (2006). Budgeting for women's rights. UNIFEM.",
]


def numbered(text: str) -> list[tuple[str, list[int]]]:
    citations = find_citations(make_document([text], NUMBERED, labels=True))
    return [(c.text, [i.number for i in c.items]) for c in citations]


def author_year(text: str, references: list[str] = AUTHOR_YEAR) -> list[tuple[str, tuple[str, ...], int]]:
    citations = find_citations(make_document([text], references))
    return [(c.text, c.items[0].authors, c.items[0].year) for c in citations]


# --- flattened superscripts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Effects on terrestrial habitats 1, 2. The trend", [("1, 2", [1, 2])]),
        ("Impacts on biodiversity 15– 17. Understanding", [("15– 17", [15, 16, 17])]),
        ("Threat to their biodiversity 4. IIED 5 suggests that", [("4", [4]), ("5", [5])]),
        ("Many native plants 6 and their conservation 7.", [("6", [6]), ("7", [7])]),
        ("As Frosi et al. 43 suggested, it holds.", [("43", [43])]),
        ("Locations are available as Underlying data41.", [("41", [41])]),
        ("The area under the curve (AUC) 39. While", [("39", [39])]),
        ("Radiative forcing by 2100 30. It includes", [("30", [30])]),
        ("The SDM tool in ArcGis 10.1 29 (an open-source alternative).", [("29", [29])]),
    ],
)
def test_unbracketed_superscript_numbers(text, expected):
    assert numbered(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The increasing CO 2 trend in the past.",  # a flattened subscript
        "An area of 1335 km 2 and more.",  # a unit's exponent
        "Model version 4 with scenarios.",  # a label noun
        "Out of the 10 selected variables.",  # a count after a determiner
        "From elevation data, 19 variables were extracted.",  # a count after a comma
        "Shifts between August 27 and September 3.",  # dates
        "Each species had 100 georeferenced locations.",  # no such entry
        "The values 0.97 and 0.95 were high.",  # decimals
        "See Figure 2 and Table 3.",
    ],
)
def test_unbracketed_superscript_numbers_negatives(text):
    assert numbered(text) == []


def test_unbracketed_superscripts_only_when_the_paper_never_cites_in_square_brackets():
    paragraphs = ["Shown before [3].", "Effects on terrestrial habitats 1, 2. The trend."]
    citations = find_citations(make_document(paragraphs, NUMBERED, labels=True))
    assert [c.text for c in citations] == ["[3]"]


def test_unbracketed_superscripts_not_in_an_author_year_paper_with_a_numbered_list():
    paragraphs = ["Known (Adams, 2010).", "Shown (Baker, 2011).", "Also (Clark, 2012).",
                  "Effects on terrestrial habitats 1, 2. The trend."]
    references = ["Adams, A. (2010). T.", "Baker, B. (2011). T.", "Clark, C. (2012). T.", *NUMBERED[3:]]
    citations = find_citations(make_document(paragraphs, references, labels=True))
    assert [c.text for c in citations] == ["(Adams, 2010)", "(Baker, 2011)", "(Clark, 2012)"]


# --- round numbers and narrative names in numbered papers -------------------------------------------------------


def test_unbracketed_round_list_markers_are_not_citations_in_a_square_bracket_paper():
    text = "Shown [4]. The questions were: (1) to what extent; (2) how does it vary?, and (3), what matters."
    assert numbered(text) == [("[4]", [4])]


def test_unbracketed_round_list_markers_are_not_citations_without_square_brackets():
    text = "The questions were: (1) to what extent, and (2) how does it vary. It is known (3)."
    assert numbered(text) == [("(3)", [3])]


def test_unbracketed_narrative_name_before_a_number_is_not_a_second_citation():
    references = ["Hamilton, R. (2004). Fisher knowledge. Fish Res.", *NUMBERED[1:]]
    citations = find_citations(make_document(["For example, Hamilton et al. (2004) [1] documented it."],
                                             references, labels=True))
    assert [c.text for c in citations] == ["[1]"]


# --- bare author-year ------------------------------------------------------------------------------------------


def test_unbracketed_author_year_opening_a_sentence():
    assert author_year("By source.\n\nBurdin et al., 2014 assess the accuracy of the survey.") == [
        ("Burdin et al., 2014", ("Burdin",), 2014)]


def test_unbracketed_author_year_after_a_word():
    assert author_year("However, Stotsky, 1996 and Elson (2006) mention it.") == [
        ("Stotsky, 1996", ("Stotsky",), 1996), ("Elson (2006)", ("Elson",), 2006)]
    assert author_year("We do not pay taxes as in Burdin et al., 2014. Because") == [
        ("Burdin et al., 2014", ("Burdin",), 2014)]


def test_unbracketed_author_year_before_a_word_that_is_also_a_month():
    assert author_year("The rates of Burdin et al., 2014 may differ.") == [("Burdin et al., 2014", ("Burdin",), 2014)]


def test_unbracketed_author_year_inside_a_bracket_that_is_no_citation():
    assert author_year("(hence, as the approach suggested, Nature et al. 2014).") == [
        ("Nature et al. 2014", ("Nature",), 2014)]


@pytest.mark.parametrize(
    "text",
    [
        "Between 2006 and 2013, the gap ranged widely.",
        "In Paris, 2010 was a hard year.",  # Paris is no listed author
        "Stotsky, 1996, May 15 was the date.",  # a date, not a work
        "Stotsky, 1996, Mai 15 was the date.",  # in German too
        "The data of Stotsky, 1996 (revised) differ.",  # the year goes on into a bracket
        "Pallotto M, Watkins PV, Fubara B, 2015, Extracellular space, Dryad.",  # a data citation entry
        "Until 1999 nothing happened; from 2006 to 2012 it grew.",
    ],
)
def test_unbracketed_author_year_negatives(text):
    references = [*AUTHOR_YEAR, "Pallotto, M., Watkins, P. V., & Fubara, B. (2015). Extracellular space. eLife."]
    assert author_year(text, references) == []


def test_unbracketed_author_year_not_in_a_numbered_paper():
    assert numbered("Author1 et al., 2014 assess the accuracy.") == []
