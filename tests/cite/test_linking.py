"""Linking citation items to references: the seed paper's targets and each rule by hand."""

from __future__ import annotations

from dataclasses import replace

import pytest
from citation_fixtures import SEED, SEED_REFERENCES, make_document, ref

from pipeline.cite import cite_document
from pipeline.cite.citations import find_citations
from pipeline.cite.linking import link_citations
from pipeline.cite.references import parse_reference, parse_references
from pipeline.extract import extract_document
from pipeline.model import LinkStatus, PartialDate
from pipeline.names import fold


@pytest.fixture(scope="module")
def seed_document():
    return extract_document(SEED)


@pytest.fixture(scope="module")
def seed_links(seed_document):
    """``{citation text: [(status, reference, candidates) per item]}`` in text order (texts repeat: a list)."""
    citations = cite_document(seed_document, SEED_REFERENCES)
    return [(c.text, [(i.status, i.reference, i.candidates) for i in c.items]) for c in citations]


def link_text(text: str, references, reference_texts: list[str] = ()):
    """Items of every citation in ``text`` after linking, as (status, reference, candidates)."""
    citations = link_citations(find_citations(make_document([text], reference_texts)), references)
    return [(i.status, i.reference, i.candidates) for c in citations for i in c.items]


LINKED, MISSING, AMBIGUOUS, IBID = LinkStatus.LINKED, LinkStatus.MISSING, LinkStatus.AMBIGUOUS, LinkStatus.IBID


# --- the seed -------------------------------------------------------------------------------------------------


def test_linking_seed_fixture_matches_the_extracted_entries(seed_document):
    """The hand-built references carry the ids of the extracted entries they describe."""
    entries = {entry.id: seed_document.text[entry.start:entry.end] for entry in seed_document.reference_entries}
    assert len(entries) == len(SEED_REFERENCES) == 25
    for reference in SEED_REFERENCES:
        author = reference.organisation or reference.authors[0].family
        assert fold(entries[reference.id]).startswith(fold(author))
        assert str(reference.year) in entries[reference.id]


def test_linking_seed_every_plain_citation_links(seed_links):
    plain = [items for text, items in seed_links if "Ibid" not in text and text not in
             ("(CSTO, 2022f)", "(CSTO, 2022e)")]
    assert all(status == LINKED for items in plain for status, _, _ in items)


def test_linking_seed_targets(seed_links):
    links = dict(seed_links)  # the texts checked here occur once
    assert links["(CSTO, 2022e)"] == [(AMBIGUOUS, None, ("ref9", "ref10"))]
    assert links["(CSTO, 2022f)"][0][:2] == (MISSING, None)
    assert links["(CSTO, 2022f)"][0][2][:2] == ("ref9", "ref10")  # did you mean one of the 2022e entries
    assert links["(President of Russia, May 16)"] == [(LINKED, "ref20", ())]
    assert links["(CSTO, 2022, April 29)"] == [(LINKED, "ref11", ())]
    assert links["(CSTO, 2022, May 19)"] == [(LINKED, "ref12", ())]
    assert links["(Lobanov, 2019; Collective Security Treaty, 1992, May 15; 2010, December 10)"] == [
        (LINKED, "ref17", ()), (LINKED, "ref2", ()), (LINKED, "ref2", ())]
    assert links["(Bardžić & Đurić, 2016)"] == [(LINKED, "ref1", ())]
    assert links["(Lobanov 2019, pp. 221-222)"] == [(LINKED, "ref17", ())]
    # Two entries for one work: linked to the first, both kept for the duplicate-reference check.
    assert links["(Rajić & Gajić, 2020, pp. 148, etc)"] == [(LINKED, "ref21", ("ref21", "ref23"))]


def test_linking_seed_ibid_chain(seed_links):
    texts = [text for text, _ in seed_links]
    after = texts.index("(CSTO, 2009, p. 3)")
    assert seed_links[after + 1] == ("(*Ibid.*, p. 7)", [(IBID, "ref3", ())])
    mixed = texts.index("(*Ibid.*, pp. 17, 21, 25; Petrović, 2010, p. 85)")
    assert seed_links[mixed][1] == [(IBID, "ref3", ()), (LINKED, "ref18", ())]
    assert seed_links[mixed + 1] == ("(*Ibid.*, p. 31)", [(AMBIGUOUS, None, ("ref3", "ref18"))])
    missing = texts.index("(CSTO, 2022f)")
    assert seed_links[missing + 1] == ("(*Ibidem*)", [(MISSING, None, ())])
    assert seed_links[missing + 2] == ("(*Ibidem*)", [(MISSING, None, ())])
    karimov = texts.index("(Karimov, 2021, January 11)")
    assert [items for _, items in seed_links[karimov:karimov + 3]] == [[(LINKED, "ref15", ())],
                                                                       [(IBID, "ref15", ())], [(IBID, "ref15", ())]]
    rajic = texts.index("(Rajić & Gajić, 2020, pp. 152)")
    assert [items[0][:2] for _, items in seed_links[rajic + 1:rajic + 3]] == [(IBID, "ref21"), (IBID, "ref21")]


def test_linking_seed_every_entry_but_the_duplicate_is_cited(seed_links):
    cited = {reference for _, items in seed_links for _, reference, _ in items if reference}
    assert {r.id for r in SEED_REFERENCES} - cited == {"ref9", "ref10", "ref23"}


# --- rules, by hand -------------------------------------------------------------------------------------------


def test_linking_et_al_matches_the_first_author_only():
    references = [ref("r1", "Smith", "Jones", "Brown", year=2010)]
    assert link_text("Text (Smith et al., 2010).", references) == [(LINKED, "r1", ())]


def test_linking_two_authors_must_both_match():
    references = [ref("r1", "Smith", "Jones", year=2010)]
    assert link_text("Text (Smith & Jones, 2010).", references) == [(LINKED, "r1", ())]
    assert link_text("Text (Smith & Brown, 2010).", references) == [(MISSING, None, ("r1",))]


def test_linking_edited_volume_without_authors_is_cited_by_its_editors():
    entry = parse_reference("(2010). In Grown, C., & Valodia, I. (Eds.), Taxation and Gender Equity. London: "
                            "Routledge.", id="r1")
    assert not entry.authors and entry.label is None
    assert link_text("Text (Grown and Valodia, 2010).", [entry]) == [(LINKED, "r1", ())]


@pytest.mark.parametrize("spelling", ["Đurić", "Djuric", "Duric", "DURIĆ"])
def test_linking_folds_diacritics(spelling):
    references = [ref("r1", "Bardžić", "Đurić", year=2016)]
    assert link_text(f"Text (Bardzic & {spelling}, 2016).", references) == [(LINKED, "r1", ())]


def test_linking_organisation_author():
    references = [ref("r1", org="President of Russia", year=2022, month=5, day=15),
                  ref("r2", "Russia", year=2022)]
    assert link_text("Text (President of Russia, 2022).", references) == [(LINKED, "r1", ())]


def test_linking_year_suffix_must_match():
    references = [ref("r1", "Smith", year=2010, suffix="a"), ref("r2", "Smith", year=2010, suffix="b")]
    assert link_text("Text (Smith, 2010b).", references) == [(LINKED, "r2", ())]
    status, reference, candidates = link_text("Text (Smith, 2010c).", references)[0]
    assert (status, reference, candidates) == (MISSING, None, ("r2", "r1"))


def test_linking_year_suffixes_number_unsuffixed_entries_in_list_order():
    references = [ref("r1", "Xu", "Jun", "Thompson", year=2010), ref("r2", "Xu", "Rammner", year=1999),
                  ref("r3", "Xu", "Su", "Rizo", year=2010)]
    assert link_text("Text (Xu et al., 2010a).", references) == [(LINKED, "r1", ())]
    assert link_text("Text (Xu et al., 2010b).", references) == [(LINKED, "r3", ())]
    assert link_text("Text (Xu et al., 2010c).", references)[0][:2] == (MISSING, None)
    only_one = [ref("r1", "Hackett", "Dietmann", "Murakami", year=2013)]
    assert link_text("Text (Hackett et al., 2013a).", only_one) == [(LINKED, "r1", ())]


def test_linking_year_suffix_order_is_not_used_when_the_list_prints_suffixes():
    references = [ref("r1", "Smith", year=2010, suffix="a"), ref("r2", "Smith", year=2010)]
    assert link_text("Text (Smith, 2010b).", references)[0][:2] == (MISSING, None)


def test_linking_author_count_decides_between_same_author_year():
    references = [ref("r1", "Lavergne", "Vermeglio", "Joliot", year=2009), ref("r2", "Lavergne", year=2009),
                  ref("r3", "Lavergne", "Joliot", year=2009)]
    assert link_text("Text (Lavergne et al., 2009).", references) == [(LINKED, "r1", ())]
    assert link_text("Text (Lavergne, 2009).", references) == [(LINKED, "r2", ())]
    assert link_text("Text (Lavergne and Joliot, 2009).", references) == [(LINKED, "r3", ())]
    alike = [ref("r1", "Tokuriki", "Tawfik", year=2009), ref("r2", "Tokuriki", "Tawfik", year=2009)]
    assert link_text("Text (Tokuriki and Tawfik, 2009).", alike) == [(AMBIGUOUS, None, ("r1", "r2"))]


def test_linking_a_leading_particle_may_be_left_out():
    references = [ref("r1", "van Harreveld", "Fifkova", year=1975)]
    assert link_text("Text (Harreveld and Fifkova 1975).", references) == [(LINKED, "r1", ())]
    assert link_text("Text (van Harreveld and Fifkova 1975).", references) == [(LINKED, "r1", ())]
    assert link_text("Text (Fifkova, 1975).", references)[0][:2] == (MISSING, None)


def test_linking_a_middle_name_read_into_the_family_name():
    # "J Ben Schafer": the parser cannot tell a middle name from a two-word family name ("García Márquez")
    references = [parse_reference("J Ben Schafer, Dan Frankowski, Jon Herlocker, and Shilad Sen. 2007. Collaborative "
                                  "filtering recommender systems. In The adaptive web. Springer.", id="r1")]
    assert link_text("Text (Schafer et al., 2007).", references) == [(LINKED, "r1", ())]
    assert link_text("Text (Ben Schafer et al., 2007).", references) == [(LINKED, "r1", ())]
    assert link_text("Text (Frankowski et al., 2007).", references)[0][:2] == (MISSING, None)


def test_linking_every_citation_of_a_real_acl_paper_from_its_pdf(shared_dir):
    # corpus-dev/pdf/acl-2020.acl-main.207: "(Schafer et al., 2007)" and "(Cohen et al., 2010)" cite "J Ben
    # Schafer, ..." and "K. Bretonnel Cohen, ..."; every work the paper cites is in its list
    document = extract_document(shared_dir / "corpus-dev" / "pdf" / "acl-2020.acl-main.207.pdf")
    items = [item for citation in cite_document(document, parse_references(document)) for item in citation.items]
    assert len(items) >= 90
    assert [item.text for item in items if item.status != LINKED] == []


def test_linking_a_narrative_citation_after_table_words_joined_by_an_ampersand():
    # corpus-dev/pdf/acl-2020.acl-main.447, a table row: "Biomed & CS SciCite Cohan et al. (2019)"
    references = [ref("r1", "Cohan", "Ammar", "van Zuylen", year=2019)]
    assert link_text("Biomed & CS SciCite Cohan et al. (2019) 1 2 3", references) == [(LINKED, "r1", ())]


def test_linking_a_cited_name_with_its_suffix() -> None:
    # corpus-dev/jats/elife-09520: "(Rouse Jr et al., 1974)" cites "Rouse Jr JW, Haas R, ..."
    references = [parse_reference("Rouse Jr JW, Haas R, Schell J, Deering D. 1974. Monitoring vegetation systems in "
                                  "the great plains with ERTS. NASA Special Publication 351.", id="r1")]
    assert link_text("Text (Rouse Jr et al., 1974).", references) == [(LINKED, "r1", ())]
    assert link_text("Text (Rouse et al., 1974).", references) == [(LINKED, "r1", ())]


def test_linking_a_whole_family_name_wins_over_a_last_word():
    references = [ref("r1", "Ben Schafer", year=2007), ref("r2", "Schafer", year=2007)]
    assert link_text("Text (Schafer, 2007).", references) == [(LINKED, "r2", ())]


def test_linking_organisation_by_the_entry_opening_words():
    # the parser read "Roll Back Malaria" as a person called Malaria: the entry still opens with the cited name
    references = [replace(ref("r1", "Malaria", year=2012), raw="Roll Back Malaria. 2012. Focus on Swaziland."),
                  replace(ref("r2", "Team", year=2011), raw="Team RDC. 2011. R: A Language and Environment.")]
    assert link_text("Text (Roll Back Malaria, 2012).", references) == [(LINKED, "r1", ())]
    assert link_text("Text (Team RDC, 2011).", references) == [(LINKED, "r2", ())]
    assert link_text("Text (Roll Back, 2012).", references)[0][:2] == (MISSING, None)  # a whole-word prefix only
    assert link_text("Text (Roll Back Malaria, 2013).", references)[0][:2] == (MISSING, None)


def test_linking_month_and_day_decide_between_same_author_year():
    references = [ref("r1", org="CSTO", year=2022, month=4, day=29), ref("r2", org="CSTO", year=2022, month=5, day=19)]
    assert link_text("Text (CSTO, 2022, May 19).", references) == [(LINKED, "r2", ())]
    assert link_text("Text (CSTO, 2022, April 29).", references) == [(LINKED, "r1", ())]
    assert link_text("Text (CSTO, 2022).", references) == [(AMBIGUOUS, None, ("r1", "r2"))]


def test_linking_missing_year_links_the_only_entry_of_the_author():
    references = [ref("r1", org="President of Russia", year=2022, month=5, day=15), ref("r2", "Smith", year=2022)]
    listed = ["President of Russia. (2022, May 15). Summit."]
    assert link_text("Said (President of Russia, May 16).", references, listed) == [(LINKED, "r1", ())]
    two = [*references, ref("r3", org="President of Russia", year=2022, month=6, day=1)]
    assert link_text("Said (President of Russia, June 1).", two, listed) == [(LINKED, "r3", ())]
    assert link_text("Said (President of Russia, July 1).", two, listed) == [(AMBIGUOUS, None, ("r1", "r3"))]


def test_linking_second_date_of_an_entry():
    references = [ref("r1", org="Collective Security Treaty", year=1992, month=5, day=15,
                      more_dates=(PartialDate(2010, 12, 10),))]
    assert link_text("Text (Collective Security Treaty, 2010).", references) == [(LINKED, "r1", ())]


def test_linking_same_work_twice_links_the_first():
    references = [ref("r1", "Rajić", "Gajić", year=2020, title="Relations of the CSTO with NATO"),
                  ref("r2", "Rajić", "Gajić", year=2020, title="Relations of the CSTO with NATO.")]
    assert link_text("Text (Rajić & Gajić, 2020).", references) == [(LINKED, "r1", ("r1", "r2"))]


def test_linking_did_you_mean_a_misspelt_author():
    references = [ref("r1", "Pashinyan", year=2019), ref("r2", "Putin", year=2019), ref("r3", "Zas", year=2019)]
    assert link_text("Text (Pashinan, 2019).", references) == [(MISSING, None, ("r1",))]


def test_linking_ibid_rules():
    references = [ref("r1", "Smith", year=2010), ref("r2", "Jones", year=2011)]
    assert link_text("A (Ibid.).", references) == [(MISSING, None, ())]  # no antecedent
    assert link_text("A (Smith, 2010). B (Ibid., p. 4).", references)[1] == (IBID, "r1", ())
    assert link_text("A (Smith, 2010; Jones, 2011). B (Ibid.).", references)[2] == (AMBIGUOUS, None, ("r1", "r2"))
    assert link_text("A (Brown, 2012). B (Ibid.).", references)[1] == (MISSING, None, ())
    assert link_text("A (Smith, 2010). B (Ibid.). C (Ibidem).", references)[2] == (IBID, "r1", ())
    assert link_text("A (Jones, 2011). B (Smith, 2010; ibid., p. 2).", references)[2] == (IBID, "r1", ())


def test_linking_ibid_after_an_ambiguous_citation_is_ambiguous():
    references = [ref("r1", "Smith", year=2010, title="One"), ref("r2", "Smith", year=2010, title="Two")]
    assert link_text("A (Smith, 2010). B (Ibid.).", references)[1] == (AMBIGUOUS, None, ("r1", "r2"))


def test_linking_op_cit_goes_back_to_the_author():
    references = [ref("r1", "Smith", year=2010), ref("r2", "Jones", year=2011)]
    items = link_text("A (Smith, 2010). B (Jones, 2011). C (Smith, op. cit., p. 5).", references)
    assert items[2] == (IBID, "r1", ())


def test_linking_numbered_by_label():
    references = [ref(f"r{n}", "Author", label=str(n)) for n in range(1, 6)]
    listed = [f"Author, A. Title {n}." for n in range(1, 6)]
    citations = find_citations(make_document(["Shown [1-3, 7]."], listed, labels=True))
    items = link_citations(citations, references)[0].items
    assert [(i.number, i.status, i.reference) for i in items] == [
        (1, LINKED, "r1"), (2, LINKED, "r2"), (3, LINKED, "r3"), (7, MISSING, None)]


def test_linking_keeps_citations_and_their_order():
    citations = find_citations(make_document(["A (Smith, 2010). B (Jones, 2011)."]))
    linked = link_citations(citations, [ref("r1", "Smith", year=2010)])
    assert [(c.id, c.text, c.start) for c in linked] == [(c.id, c.text, c.start) for c in citations]
    assert [i.status for c in link_citations(citations, []) for i in c.items] == [MISSING, MISSING]


def test_linking_narrative_names_read_with_extra_words_before_them():
    """Real ACL 2020 tables and lists: "GENIA Kim et al. (2003)", "e.g. AAN, PubMed Central, Saier and Färber
    (2019)" — the name reader takes words before the surname; the link falls back to the surname / the list's tail."""
    from citation_fixtures import make_document

    from pipeline.cite import cite_document
    from pipeline.cite.references import parse_references

    document = make_document(
        ["Results: GENIA Kim et al. (2003) DEP 90.43 and others (e.g. AAN, PubMed Central, Saier and Färber (2019))."],
        ["J-D Kim, Tomoko Ohta, Yuka Tateisi, and Jun'ichi Tsujii. 2003. Genia corpus. Bioinformatics.",
         "Tarek Saier and Michael Färber. 2019. Bibliometric-enhanced arXiv. Scientometrics."],
    )
    references = parse_references(document)
    items = [item for citation in cite_document(document, references) for item in citation.items]
    assert [(item.status.value, item.reference) for item in items] == [("linked", "ref1"), ("linked", "ref2")]
