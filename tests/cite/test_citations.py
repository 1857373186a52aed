"""Finding in-text citations: the seed paper, every construct by hand, negatives, real JATS text, fuzzing."""

from __future__ import annotations

import pytest
from citation_fixtures import JATS_DIR, SEED, jats_document, make_document
from hypothesis import given
from hypothesis import strategies as st

from pipeline.cite.citation_parts import find_first_date
from pipeline.cite.citations import find_citations
from pipeline.extract import extract_document
from pipeline.model import SectionKind

# Every citation group of the seed paper, read by hand, in text order.
SEED_GROUPS = [
    "(Rajić & Gajić, 2020, pp. 148, etc)",
    "(Tošić Malešević, 2017, p. 423)",
    "(Collective Security Treaty, 1992, May 15; 2010, December 10)",
    "(Lobanov, 2019; Collective Security Treaty, 1992, May 15; 2010, December 10)",
    "(Lobanov, 2015, p. 91)",
    "(CSTO, 2009, p. 3)",
    "(*Ibid.*, p. 7)",
    "(CSTO, 2022a)",
    "(CSTO, 2022b)",
    "(CSTO, 2022c)",
    "(CSTO, 2009, p. 9)",
    "(CSTO, 2022d)",
    "(CSTO, 2022e)",
    "(CSTO, 2009, p. 11; Petrović, 2010, p. 84)",
    "(CSTO, 2009, p. 13)",
    "(*Ibid.*, pp. 17, 21, 25; Petrović, 2010, p. 85)",
    "(*Ibid.*, p. 31)",
    "(CSTO, 2022f)",
    "(*Ibidem*)",
    "(*Ibidem*)",
    "(Karimov, 2021, January 11)",
    "(*Ibidem*)",
    "(*Ibidem*)",
    "(Bardžić & Đurić, 2016)",
    "(Rajić & Gajić, 2020, pp. 152)",
    "(*Ibid.*, p. 169)",
    "(*Ibidem*)",
    "(CSTO, 2020, June 15)",
    "(Simić, 2018, pp. 142, etc.)",
    "(Lobanov 2019, pp. 221-222)",
    "(Galović, 2022, January 14)",
    "(CSTO, 2022, April 29)",
    "(Danas, 2022, March 19)",
    "(Politika, 2022, March 1)",
    "(President of Russia, May 16)",
    "(CSTO, 2022, May 19)",
    "(Petrović, 2021)",
]


@pytest.fixture(scope="module")
def seed_document():
    return extract_document(SEED)


@pytest.fixture(scope="module")
def seed_citations(seed_document):
    return find_citations(seed_document)


def only(text: str, references: list[str] = (), **options):
    """The single citation found in a one-paragraph document."""
    citations = find_citations(make_document([text], references, **options))
    assert len(citations) == 1, [c.text for c in citations]
    return citations[0]


def texts(text: str, references: list[str] = (), **options) -> list[str]:
    return [c.text for c in find_citations(make_document([text], references, **options))]


# --- the seed -------------------------------------------------------------------------------------------------


def test_citations_seed_finds_every_group_and_nothing_else(seed_citations):
    assert [c.text for c in seed_citations] == SEED_GROUPS
    assert [c.id for c in seed_citations] == [f"c{n}" for n in range(1, len(SEED_GROUPS) + 1)]


def test_citations_seed_spans_index_the_text_and_skip_the_reference_list(seed_document, seed_citations):
    references = seed_document.sections_of_kind(SectionKind.REFERENCES)[0]
    for citation in seed_citations:
        assert seed_document.text[citation.start:citation.end] == citation.text
        assert citation.end <= references.start
        assert citation.claim_start <= citation.start < citation.end <= citation.claim_end
        for item in citation.items:
            assert citation.start <= item.start < item.end <= citation.end
            assert seed_document.text[item.start:item.end] == item.text


def test_citations_seed_claim_is_the_sentence(seed_document, seed_citations):
    first = seed_citations[0]
    claim = seed_document.text[first.claim_start:first.claim_end]
    assert claim.startswith("The Collective Security Treaty was signed in Tashkent")
    assert claim.endswith("(Rajić & Gajić, 2020, pp. 148, etc).")


def test_citations_seed_items(seed_citations):
    by_text = {c.text: c for c in seed_citations}
    treaty = by_text["(Lobanov, 2019; Collective Security Treaty, 1992, May 15; 2010, December 10)"].items
    assert [(i.authors, i.year, i.month, i.day) for i in treaty] == [
        (("Lobanov",), 2019, None, None),
        (("Collective Security Treaty",), 1992, 5, 15),
        (("Collective Security Treaty",), 2010, 12, 10),
    ]
    president = by_text["(President of Russia, May 16)"].items[0]
    assert (president.authors, president.year, president.month, president.day) == (
        ("President of Russia",), None, 5, 16)
    mixed = by_text["(*Ibid.*, pp. 17, 21, 25; Petrović, 2010, p. 85)"].items
    assert [(i.kind, i.locator) for i in mixed] == [("ibid", "pp. 17, 21, 25"), ("author-date", "p. 85")]
    assert mixed[0].text == "*Ibid.*, pp. 17, 21, 25"
    assert by_text["(Bardžić & Đurić, 2016)"].items[0].authors == ("Bardžić", "Đurić")
    assert by_text["(Tošić Malešević, 2017, p. 423)"].items[0].authors == ("Tošić Malešević",)
    suffixes = [c.items[0].year_suffix for c in seed_citations if c.text.startswith("(CSTO, 2022")]
    assert suffixes == ["a", "b", "c", "d", "e", "f", None, None]
    assert all(c.items[0].status == "missing" and c.items[0].reference is None for c in seed_citations)


# --- constructs, by hand ----------------------------------------------------------------------------------------


def test_citations_several_works_in_one_group():
    citation = only("As shown before (Adams, 2019; Baker, 2020).")
    assert citation.text == "(Adams, 2019; Baker, 2020)"
    assert [(i.text, i.authors, i.year) for i in citation.items] == [
        ("Adams, 2019", ("Adams",), 2019), ("Baker, 2020", ("Baker",), 2020)]
    assert not citation.narrative


def test_citations_a_surname_that_is_also_a_lead_in_word_carries_et_al():
    """eLife 00013 cites "An D, Na C, ... 2011" as "(...; Lee and Mazmanian 2010; An et al. 2011)"."""
    citation = only("Sulfonolipids act on hosts (Lee and Mazmanian 2010; An et al. 2011).")
    assert [(i.text, i.authors) for i in citation.items] == [
        ("Lee and Mazmanian 2010", ("Lee", "Mazmanian")), ("An et al. 2011", ("An",))]


def test_citations_narrative_single_author_listed_in_references():
    citation = only("As Lobanov (2019) argues, it is so.", ["Lobanov, K. (2019). A title."])
    assert (citation.text, citation.narrative) == ("Lobanov (2019)", True)
    assert citation.items[0].authors == ("Lobanov",)
    assert citation.items[0].text == "2019"


def test_citations_narrative_needs_a_listed_author_when_there_is_a_list():
    assert texts("Elections in Serbia (2019) were calm.", ["Lobanov, K. (2019). A title."]) == []


def test_citations_narrative_drops_a_sentence_opening_word():
    citation = only("In Lobanov (2019) we read it.", ["Lobanov, K. (2019). A title."])
    assert citation.text == "Lobanov (2019)"


def test_citations_narrative_et_al_with_suffix():
    citation = only("Smith et al. (2010a) found it.", ["Jones, A. (2001). T."])
    assert (citation.text, citation.narrative) == ("Smith et al. (2010a)", True)
    item = citation.items[0]
    assert (item.authors, item.year, item.year_suffix) == (("Smith",), 2010, "a")


def test_citations_narrative_two_authors_with_locator():
    item = only("Smith and Jones (2010, p. 4) disagree.").items[0]
    assert (item.authors, item.year, item.locator) == (("Smith", "Jones"), 2010, "p. 4")


def test_citations_narrative_several_years():
    citation = only("Cao and Zhang (2004a, 2004b) showed it.")
    assert [(i.authors, i.year, i.year_suffix) for i in citation.items] == [
        (("Cao", "Zhang"), 2004, "a"), (("Cao", "Zhang"), 2004, "b")]


def test_citations_narrative_particle_surname():
    item = only("We used a method adapted from de Jonge et al. (1992).").items[0]
    assert item.authors == ("de Jonge",)


def test_citations_without_comma_before_year():
    item = only("It costs more (Lobanov 2019, pp. 221-222).").items[0]
    assert (item.authors, item.year, item.locator) == (("Lobanov",), 2019, "pp. 221-222")


@pytest.mark.parametrize(
    ("group", "authors"),
    [
        ("(Smith & Jones, 2010)", ("Smith", "Jones")),
        ("(Smith and Jones, 2010)", ("Smith", "Jones")),
        ("(Rajić i Gajić, 2010)", ("Rajić", "Gajić")),
        ("(Müller und Maier, 2010)", ("Müller", "Maier")),
        ("(García y López, 2010)", ("García", "López")),
        ("(Dupont et Durand, 2010)", ("Dupont", "Durand")),
        ("(Smith, Jones, and Brown, 2010)", ("Smith", "Jones", "Brown")),
        ("(Smith et al., 2010)", ("Smith",)),
        ("(Flinspach M et al., 2010)", ("Flinspach",)),
        ("(Agostinelli, C. and Lund, 2010)", ("Agostinelli", "Lund")),
        ("(Ministry of Labour and Social Policy, 2010)", ("Ministry of Labour and Social Policy",)),
    ],
)
def test_citations_author_joiners(group, authors):
    assert only(f"Text {group}.").items[0].authors == authors


def test_citations_organisation_with_suffix_and_dates():
    assert only("Text (CSTO, 2022a).").items[0].year_suffix == "a"
    item = only("Text (Karimov, 2021, January 11).").items[0]
    assert (item.year, item.month, item.day) == (2021, 1, 11)
    item = only("Text (Danas, 2022, March 19).").items[0]
    assert (item.authors, item.year, item.month, item.day) == (("Danas",), 2022, 3, 19)


@pytest.mark.parametrize(("group", "month", "day"), [
    ("(Karimov, 2021, 11 January)", 1, 11),
    ("(Müller, 2019, 3. März)", 3, 3),
    ("(Petrović, 2020, 5 septembre)", 9, 5),
    ("(Karimov, 2021, Jan. 11)", 1, 11),
    ("(Le Monde, 2021, 1er janvier)", 1, 1),
])
def test_citations_a_date_after_the_year_day_first_or_in_another_language(group, month, day):
    item = only(f"Text {group}.").items[0]
    assert (item.month, item.day, item.locator) == (month, day, None)


def test_citations_a_number_after_the_year_without_a_month_is_a_locator():
    item = only("Text (Karimov, 2021, 11).").items[0]
    assert (item.month, item.day, item.locator) == (None, None, "11")


@pytest.mark.parametrize(("text", "opens"), [
    ("President of Russia, May 16", "May 16"),
    ("President of Russia, 16 May", "16 May"),
    ("Agency, 3. März", "3. März"),
    ("see may 3 more", None),  # a month opens a date only when capitalised
    ("Smith and May, the same", None),  # a month needs its day
])
def test_citations_a_date_without_a_year_opens_with_a_capitalised_month(text: str, opens: str | None) -> None:
    found = find_first_date(text)
    assert (found.group(0) if found else None) == opens


def test_citations_dated_without_year_needs_a_listed_author():
    references = ["President of Russia. (2022, May 15). CSTO summit."]
    item = only("It was said (President of Russia, May 16).", references).items[0]
    assert (item.authors, item.year, item.month, item.day) == (("President of Russia",), None, 5, 16)
    item = only("It was said (President of Russia, 16 May).", references).items[0]
    assert (item.authors, item.year, item.month, item.day) == (("President of Russia",), None, 5, 16)
    assert texts("It was said (Moscow, May 16).", references) == []


def test_citations_same_author_several_dates():
    citation = only("Quoted (Collective Security Treaty, 1992, May 15; 2010, December 10).")
    assert [(i.text, i.authors, i.year, i.month, i.day) for i in citation.items] == [
        ("Collective Security Treaty, 1992, May 15", ("Collective Security Treaty",), 1992, 5, 15),
        ("2010, December 10", ("Collective Security Treaty",), 2010, 12, 10),
    ]


def test_citations_author_year_year_list():
    citation = only("Text (Smith, 2001; 2003).")
    assert [(i.authors, i.year) for i in citation.items] == [(("Smith",), 2001), (("Smith",), 2003)]


@pytest.mark.parametrize("group", ["(Cao and Zhang, 2004a, 2004b)", "(Cao and Zhang, 2004a, b)"])
def test_citations_elife_year_lists(group):
    citation = only(f"Text {group}.")
    assert [(i.authors, i.year, i.year_suffix) for i in citation.items] == [
        (("Cao", "Zhang"), 2004, "a"), (("Cao", "Zhang"), 2004, "b")]


@pytest.mark.parametrize(
    "group", ["(e.g., Smith, 2010)", "(see Smith, 2010)", "(cf. Smith, 2010)", "(see also Smith, 2010)",
              "(for pros and cons of taxes, see Smith, 2010)", "(described in Smith, 2010)",
              "(Figure 4B and Smith, 2010)", "(Smith, 2010, for a review)", "(Smith, 2010 and Figure 1)"],
)
def test_citations_lead_ins_and_remarks(group):
    item = only(f"Text {group}.").items[0]
    assert (item.text.split(",")[0], item.authors, item.year) == ("Smith", ("Smith",), 2010)


@pytest.mark.parametrize(
    ("group", "locator"),
    [("(Rajić & Gajić, 2020, pp. 148, etc)", "pp. 148, etc"), ("(Simić, 2018, pp. 142, etc.)", "pp. 142, etc."),
     ("(Smith, 2010, p. 4)", "p. 4"), ("(Smith, 2010: 45-47)", "45-47"), ("(Smith, 2010, 12)", "12")],
)
def test_citations_locators(group, locator):
    assert only(f"Text {group}.").items[0].locator == locator


@pytest.mark.parametrize(
    ("group", "item_text", "locator"),
    [("(*Ibid.*, p. 7)", "*Ibid.*, p. 7", "p. 7"), ("(*Ibidem*)", "*Ibidem*", None), ("(Ibid.)", "Ibid.", None),
     ("(ibid., 12)", "ibid., 12", "12"), ("(Id., at 5)", "Id., at 5", "at 5"), ("(op. cit., p. 3)", "op. cit., p. 3",
                                                                                "p. 3")],
)
def test_citations_ibid(group, item_text, locator):
    item = only(f"Text {group}.").items[0]
    assert (item.kind, item.text, item.locator, item.authors) == ("ibid", item_text, locator, ())


def test_citations_op_cit_keeps_the_author():
    item = only("Text (Smith, op. cit., p. 5).").items[0]
    assert (item.kind, item.authors, item.locator) == ("ibid", ("Smith",), "p. 5")


@pytest.mark.parametrize(
    ("group", "numbers"),
    [("[3]", [3]), ("[2–5]", [2, 3, 4, 5]), ("[1, 4]", [1, 4]), ("[1-3, 7]", [1, 2, 3, 7])],
)
def test_citations_numbered(group, numbers):
    references = [f"Author{n}, A. Title {n}." for n in range(1, 11)]
    citation = only(f"It was shown {group}.", references, labels=True)
    assert [i.number for i in citation.items] == numbers
    assert all(i.kind == "numeric" for i in citation.items)
    assert citation.items[-1].text == group.strip("[]").split(", ")[-1]


def test_citations_round_numbers_only_when_the_list_is_numbered():
    numbered = [f"Author, A. Title {n}." for n in range(1, 11)]
    assert [i.number for i in only("Shown (2, 4).", numbered, labels=True).items] == [2, 4]
    assert texts("Shown (2, 4).", ["Smith, J. (2010). T."]) == []
    assert texts("It happened (1993).", numbered, labels=True) == []


def test_citations_square_numbers_in_an_author_date_paper():
    assert texts("Shown [3].", ["Smith, J. (2010). T."]) == ["[3]"]
    assert texts("The edition [2019] is old.", ["Smith, J. (2010). T."]) == []
    document = make_document(["A claim [1] here."], ["Smith, J. (2010). T."], footnotes=["A note."])
    assert find_citations(document) == []  # "[1]" is the footnote's marker


def test_citations_square_brackets_author_date():
    assert only("Known (PDB id 3ZE5 [Li et al., 2013]).").text == "[Li et al., 2013]"


def test_citations_in_footnotes_but_never_in_the_reference_list():
    document = make_document(["Body text."], ["Lobanov, K. (2019). See (Smith, 2010)."],
                             footnotes=["As argued (Smith, 2010)."])
    citations = find_citations(document)
    assert [c.text for c in citations] == ["(Smith, 2010)"]
    footnote = document.footnotes[0]
    assert footnote.start <= citations[0].start < footnote.end


def test_citations_claim_falls_back_to_the_paragraph():
    document = make_document(["One. Two (Smith, 2010). Three."], sentences=False)
    citation = find_citations(document)[0]
    assert (citation.claim_start, citation.claim_end) == (document.paragraphs[0].start, document.paragraphs[0].end)


@pytest.mark.parametrize(
    "text",
    [
        "Gryzlov served (2006 to 2012).",
        "B. Gryzlov (2006 to 2012) chaired it.",
        "Georgia left (until 1999).",
        "It was published (in Russian).",
        "The force (CRRF) grew.",
        "The following year (1993) came.",
        "Estimated (around 26,600 in 2020) people.",
        "Both (both countries were granted this status in 2013).",
        "Members joined (1999–2002).",
        "Georgia (September 9) joined.",
        "Russia, China (Russia, China, India, Pakistan) are powers.",
        "See https://example.org/wiki/Treaty_(Smith,_2010) for the text.",
        "A product (ATCC, Catalog#: ATCC CRL-1711) was used.",
        "Cut (CM1900; Leica, Germany) sections.",
        "Elections were held (elections in Tajikistan, 2015).",
        "Article 51 (Article 4 of the Treaty).",
    ],
)
def test_citations_negatives(text):
    assert texts(text, ["Lobanov, K. (2019). A title."]) == []


# --- robustness ---------------------------------------------------------------------------------------------


def test_citations_deeply_nested_brackets_complete():
    text = "(" * 5000 + "Smith, 2010" + ")" * 5000 + " and [[[[" * 500
    citations = find_citations(make_document([text]))
    assert [c.text for c in citations] == ["(Smith, 2010)"]


def test_citations_ten_thousand_authors_complete():
    authors = ", ".join(f"Aa{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}" for i in range(10_000))
    citations = find_citations(make_document([f"Text ({authors}, 2019) and (Smith, 2010)."]))
    assert citations[-1].text == "(Smith, 2010)"


@given(st.text(alphabet=st.sampled_from(list("()[];,.&*-– 0123456789aeptAISJM\nbidmy")) | st.characters(),
               max_size=300))
def test_citations_never_raise_and_spans_lie_inside(text):
    document = make_document([text], ["Smith, J. (2010). Title."])
    for citation in find_citations(document):
        assert 0 <= citation.start < citation.end <= len(document.text)
        assert document.text[citation.start:citation.end] == citation.text
        for item in citation.items:
            assert citation.start <= item.start <= item.end <= citation.end


# --- real papers (JATS) -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["elife-00013.xml", "elife-05031.xml", "elife-09580.xml", "elife-52882.xml"])
def test_citations_jats_author_date_recall_and_precision(name):
    document, gold = jats_document(JATS_DIR / name)
    citations = find_citations(document)
    found = sum(any(c.start <= start and end <= c.end for c in citations) for start, end in gold)
    supported = sum(any(c.start <= start and end <= c.end for start, end in gold) for c in citations)
    assert found / len(gold) >= 0.97
    assert supported / len(citations) >= 0.97


def test_citations_jats_numbered_items():
    document, gold = jats_document(JATS_DIR / "pone-0091296.xml")
    numbers = [(i.start, i.end) for c in find_citations(document) for i in c.items if i.kind == "numeric"]
    found = sum(any(start <= s and e <= end for s, e in numbers) for start, end in gold)  # xref text is "[6]"
    assert found / len(gold) >= 0.97


# --- constructs from the dev corpus (eLife/bioRxiv author-year) ---------------------------------------------------


def test_citations_author_named_like_a_month():
    item = only("Outbreak responses (Anderson and May, 1991). Estimating", ["Anderson, R. (1991). T."]).items[0]
    assert (item.authors, item.year, item.month) == (("Anderson", "May"), 1991, None)


@pytest.mark.parametrize(
    ("group", "items"),
    [
        ("(Grigoriev et al., 2007, Grigoriev et al., 2011)", [("Grigoriev et al., 2007", 2007, None),
                                                              ("Grigoriev et al., 2011", 2011, None)]),
        ("(Cogdell et al., 2006,Cartron et al., 2014)", [("Cogdell et al., 2006", 2006, None),
                                                         ("Cartron et al., 2014", 2014, None)]),
        ("(Li et al., 2012; Johnson et al., 2015a, Johnson et al., 2015b)", [
            ("Li et al., 2012", 2012, None), ("Johnson et al., 2015a", 2015, "a"),
            ("Johnson et al., 2015b", 2015, "b")]),
    ],
)
def test_citations_works_separated_by_commas(group, items):
    listed = ["Grigoriev, I. (2007). T.", "Cogdell, R. (2006). T.", "Li, A. (2012). T.", "Johnson, A. (2015). T."]
    citation = only(f"Shown {group}.", listed)
    assert [(i.text, i.year, i.year_suffix) for i in citation.items] == items


@pytest.mark.parametrize(
    ("group", "item_text"),
    [
        ("(SBEM, Denk and Horstmann, 2004)", "Denk and Horstmann, 2004"),
        ("(GLUTag cells, Brubaker et al., 1998)", "Brubaker et al., 1998"),
        ("(lineage B of Baek and Mann, 2009)", "Baek and Mann, 2009"),
        ("(e.g. escape or hunt, Budick and O’Malley, 2000; Fiser et al., 2004)", "Budick and O’Malley, 2000"),
        ("(gifts from Noreen Reist, Mackler et al., 2002)", "Mackler et al., 2002"),
        ("(www.knossostool.org, Helmstaedter, et al., 2011)", "Helmstaedter, et al., 2011"),
    ],
)
def test_citations_listed_author_after_a_remark(group, item_text):
    listed = ["Denk, W., & Horstmann, H. (2004). T.", "Brubaker, P. (1998). T.", "Baek, M., & Mann, R. (2009). T.",
              "Budick, S., & O’Malley, D. (2000). T.", "Fiser, J. (2004). T.", "Mackler, J. (2002). T.",
              "Helmstaedter, M. (2011). T."]
    assert only(f"It was used {group}.", listed).items[0].text == item_text


def test_citations_remark_is_dropped_only_before_a_listed_author():
    unlisted = only("It was used (SBEM, Denk and Horstmann, 2004).", ["Smith, J. (2010). T."])
    assert unlisted.items[0].authors == ("SBEM", "Denk", "Horstmann")  # nothing tells the remark from a name
    # the second author alone is no citation of "van Heel and Schatz"
    citation = only("Resolution (van Heel and Schatz, 2005).", ["van Heel, M., & Schatz, M. (2005). T."])
    assert citation.items[0].authors == ("van Heel", "Schatz")


def test_citations_bracketed_values_in_an_author_year_paper_are_not_callouts():
    """ACL 2020 (real PDF): "window sizes [50, 100, 200]" next to author-year citations is a list of values."""
    document = make_document(
        ["Prior work (Smith et al., 2019) and (Jones, 2018) as well as Lee and Kim (2020) used sizes of "
         "[50, 100, 200] tokens (Wu, 2017)."],
        ["Jones, A. (2018). A.", "Lee, B. and Kim, C. (2020). B.", "Smith, D., Roe, E., and Poe, F. (2019). C.",
         "Wu, G. (2017). D."],
    )
    texts = [c.text for c in find_citations(document)]
    assert not any("50" in text for text in texts)
    assert "(Smith et al., 2019)" in texts


def test_citations_numbered_paper_with_unlabelled_list_keeps_numbers():
    document = make_document(
        ["Coral cover fell [1, 2] and recovered [3]; see also [4] and Smith et al. (2019) [5]."],
        ["Alpha A. One.", "Beta B. Two.", "Gamma C. Three.", "Delta D. Four.", "Smith D, Roe E, Poe F. Five. 2019."],
    )
    numbers = sorted(i.number for c in find_citations(document) for i in c.items if i.kind == "numeric")
    assert numbers == [1, 2, 3, 4, 5]
