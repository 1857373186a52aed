"""Author lists in the forms that broke links on the dev set: particles and stop words as family names, suffixes,
long lists."""

from __future__ import annotations

import pytest

from pipeline.cite.authors import scan_authors
from pipeline.cite.references import parse_reference


def families(text: str) -> list[str]:
    return [a.family for a in scan_authors(text).authors]


@pytest.mark.parametrize(("text", "expected"), [
    ("An D, Na C, Bielawski J. 2011. Membrane sphingolipids.", ["An", "Na", "Bielawski"]),
    ("Das R, Baker D. 2008. Macromolecular modeling with rosetta.", ["Das", "Baker"]),
    ("Elkabetz Y, Al SG, Socci ND. 2008. Human ES cell-derived neural rosettes.", ["Elkabetz", "Al", "Socci"]),
    ("Prasad D, Garcia de Frutos P, Lemke G. 2006. TAM receptor function.", ["Prasad", "Garcia de Frutos", "Lemke"]),
])
def test_authors_particles_and_stop_words_as_family_names(text: str, expected: list[str]) -> None:
    assert families(text) == expected


def test_authors_title_starting_with_a_stop_word_is_not_a_name() -> None:
    assert families("An HMM approach to tagging. Journal 3:1-2.") == []


@pytest.mark.parametrize(("text", "expected", "given"), [
    ("Xiao, Y., Jackson, J. O., 2nd, Liang, S., & Cummins, T. R. (2010). Toxins.",
     ["Xiao", "Jackson", "Liang", "Cummins"], "J. O. 2nd"),
    ("McLaughlin Jr, J., & Smith, B. (2005). A title.", ["McLaughlin", "Smith"], "J. Jr"),
    ("Wang Y, O'Malley BW Jr, Tsai SY. 1994. A regulatory system.", ["Wang", "O'Malley", "Tsai"], "BW Jr"),
    ("C. W. Landsea, P. W. Mielke Jr., and K. J. Berry, 1994: Predicting.", ["Landsea", "Mielke", "Berry"],
     "P. W. Jr."),
    ("Guerney, Jr., B. G. & Accordino, M. P. (2001). The validation.", ["Guerney", "Accordino"], "B. G. Jr."),
])
def test_authors_suffixes_go_to_the_given_names(text: str, expected: list[str], given: str) -> None:
    authors = scan_authors(text).authors
    assert [a.family for a in authors] == expected
    assert given in [a.given for a in authors]
    assert all("jr" not in (a.key or "") for a in authors)


def test_authors_long_lists_are_read_to_the_end() -> None:
    names = [f"Name{chr(97 + i // 26)}{chr(97 + i % 26)} A" for i in range(40)]
    reference = parse_reference(", ".join(names) + ". 2019. A title. Journal 4:1-2.", id="r")
    assert len(reference.authors) == 40
    assert reference.title == "A title"


@pytest.mark.parametrize(("text", "expected"), [
    ("Walker PG, Métras R, Dung dH, Ghani AC. 2010. A bayesian approach.", ["Walker", "Métras", "Dung", "Ghani"]),
    ("Saitsu H, Hirai S-i, Kumada T. 2008. De novo mutations.", ["Saitsu", "Hirai", "Kumada"]),
    ("Agostinelli, C., Lund U. 2022. R package.", ["Agostinelli", "Lund"]),
    ("Witten, I. H., Neal R. M., and Cleary J. G. (1987). Arithmetic coding.", ["Witten", "Neal", "Cleary"]),
])
def test_authors_odd_names_before_the_closing_date_are_kept(text: str, expected: list[str]) -> None:
    assert [a.family for a in parse_reference(text, id="r").authors] == expected


def test_authors_a_title_before_the_date_is_not_read_as_names() -> None:
    reference = parse_reference("Smith AB. A study of Things In. 2010. Journal 3:1-2.", id="r")
    assert [a.family for a in reference.authors] == ["Smith"]


@pytest.mark.parametrize(("text", "expected"), [
    # ACL 2020 (corpus-dev/pdf/acl-2020.acl-main.207): an initial, a full middle name, then full names
    ("J Ben Schafer, Dan Frankowski, Jon Herlocker, and Shilad Sen. 2007. Collaborative filtering recommender "
     "systems. In The adaptive web. Springer.", ["Ben Schafer", "Frankowski", "Herlocker", "Sen"]),
    ("Martijn J. Schuemie, Marc Weeber, Bob J. A. Schijvenaars, Erik M. van Mulligen, C. Christiaan van der Eijk, "
     "Rob Jelier, Barend Mons, and Jan A. Kors. 2004. Distribution of information in biomedical abstracts and full "
     "text publications. Bioinformatics.",
     ["Schuemie", "Weeber", "Schijvenaars", "van Mulligen", "Christiaan van der Eijk", "Jelier", "Mons", "Kors"]),
])
def test_authors_full_names_go_on_after_one_with_a_full_middle_name(text: str, expected: list[str]) -> None:
    assert [a.family for a in parse_reference(text, id="r").authors] == expected


def test_authors_full_names_after_a_plain_initial_name_are_still_title_words() -> None:
    reference = parse_reference("J. Smith, Barry Wilkinson, Digital System Design. 2010. Publisher.", id="r")
    assert [a.family for a in reference.authors] == ["Smith"]


@pytest.mark.parametrize(("text", "expected", "given"), [
    # corpus-dev/jats: "JR" and "SR" after a family name are initials, not "Jr" and "Sr"
    ("Fairclough SR, Dayel MJ, King N. 2010. Multicellular development in a choanoflagellate.",
     ["Fairclough", "Dayel", "King"], "SR"),
    ("Bowyer JR, Hunter CN, Ohnishi T, Niederman RA. 1985. Photosynthetic membrane development.",
     ["Bowyer", "Hunter", "Ohnishi", "Niederman"], "JR"),
    ("Cavanaugh JR. A Modern Questione Della Lingua. The Journal of the Society.", ["Cavanaugh"], "JR"),
    # a suffix between the family name and the initials
    ("Rouse Jr JW, Haas R, Schell J, Deering D. 1974. Monitoring vegetation systems.",
     ["Rouse", "Haas", "Schell", "Deering"], "JW Jr"),
    ("McLaughlin Jr RN, Poelwijk FJ, Raman A. 2012. The spatial architecture.", ["McLaughlin", "Poelwijk", "Raman"],
     "RN Jr"),
    # U+2010 HYPHEN inside a family name
    ("Broichhagen J, Podewin T, Meyer\u2010Berg H, von Ohlen Y. 2015. Optical control.",
     ["Broichhagen", "Podewin", "Meyer\u2010Berg", "von Ohlen"], "H"),
])
def test_authors_capital_jr_and_sr_suffixes_before_initials_and_unicode_hyphens(text: str, expected: list[str],
                                                                                  given: str) -> None:
    authors = parse_reference(text, id="r").authors
    assert [a.family for a in authors] == expected
    assert given in [a.given for a in authors]
