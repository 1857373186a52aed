"""Where the journal of a "Title. Journal vol:pages" entry starts (eLife, Vancouver, APA endings)."""

import pytest

from pipeline.cite.references import parse_reference
from pipeline.cite.styles import journal_before_numbers


@pytest.mark.parametrize("body, title, journal", [
    ("Crystal structure of the entire respiratory complex I. Nature 494:443–448", "Crystal structure of the entire "
     "respiratory complex I.", "Nature"),
    ("Molecular machinery turns full circle. eLife 10:e70298", "Molecular machinery turns full circle.", "eLife"),
    ("Fibroblasts in cancer. Nature Reviews. Neuroscience 6:392–401", "Fibroblasts in cancer.",
     "Nature Reviews. Neuroscience"),
    ("Do the potential benefits outweigh the risks? An update on ziconotide. Eur J Pain, 22(7), 1193–1202",
     "Do the potential benefits outweigh the risks? An update on ziconotide.", "Eur J Pain"),
    ("Spawning at Vieques Island, Puerto Rico. Bull Mar Sci 79: 1–16", "Spawning at Vieques Island, Puerto Rico.",
     "Bull Mar Sci"),
])
def test_journal_before_numbers_splits_title_and_journal(body: str, title: str, journal: str) -> None:
    cut, numbers = journal_before_numbers(body)
    assert (body[:cut], body[cut:numbers].strip()) == (title, journal)


@pytest.mark.parametrize("body", [
    "A statistical approach to hurricane risk. Bull. Amer. Meteor. Soc., 87, 299-314",  # dotted APA journal
    "Elastic matching of line drawings. IEEE Trans. Pattern Analysis, 3(6), 708-713",
    "The authentic heart. An eightfold path to midlife love",  # no numbers at the end
])
def test_journal_before_numbers_leaves_other_endings(body: str) -> None:
    assert journal_before_numbers(body) is None


def test_whole_span_before_numbers_is_the_journal() -> None:
    r = parse_reference("Göbel U, Sander C. 1994. Correlated mutations and residue contacts in proteins. Proteins: "
                        "Structure, Function, and Genetics 18:309–317. DOI: https://doi.org/10.1002/prot.340180402",
                        id="r")
    assert (r.title, r.container, r.volume, r.pages) == (
        "Correlated mutations and residue contacts in proteins", "Proteins: Structure, Function, and Genetics", "18",
        "309-317")
    assert r.doi == "10.1002/prot.340180402"


def test_quoted_word_inside_a_title_is_not_a_quoted_title() -> None:
    r = parse_reference("Dolai S, Raja K. “Clicked” sugar-curcumin conjugate: modulator of tau aggregation. "
                        "ACS Chem Neurosci. 2011; 2:694–9.", id="r")
    assert r.container == "ACS Chem Neurosci"


@pytest.mark.parametrize("raw, container", [
    ("Leconet W, Robert B. 2013. Preclinical validation of AXL receptor as a target for antibody-based pancreatic "
     "cancer immunotherapy. Oncogene. DOI: https://doi.org/10.1038/onc.2013.487", "Oncogene"),
    ("Johnson RE, Engert F. 2019. Probabilistic models of larval zebrafish behavior: structure on many scales. "
     "bioRxiv. DOI: https://doi.org/10.1101/672246", "bioRxiv"),
    ("Okasha S. 2008. Evolution and the levels of selection. Clarendon Press. DOI: https://doi.org/10.1093/x", None),
])
def test_online_entry_ending_in_a_short_name_names_its_source(raw: str, container: str | None) -> None:
    assert parse_reference(raw, id="r").container == container


def test_status_note_after_a_comma_ends_the_container() -> None:
    r = parse_reference("D. M. Chiarulli and C. Qiao. Locality based control algorithms for reconfigurable optical "
                        "interconnection networks. Applied Optics, to appear.", id="r")
    assert (r.title, r.container) == ("Locality based control algorithms for reconfigurable optical interconnection "
                                      "networks", "Applied Optics")


def test_inverted_ieee_journal_name_is_one_container() -> None:
    r = parse_reference("[39] R. A. Hess and Y. Jung, “An application of generalized predictive control to rotorcraft "
                        "terrain-following flight,” Systems, Man and Cybernetics, IEEE Transactions on, vol. 19, "
                        "no. 5, "
                        "pp. 955–962, 1989.", id="r")
    assert (r.container, r.volume, r.pages) == ("Systems, Man and Cybernetics, IEEE Transactions on", "19", "955-962")
