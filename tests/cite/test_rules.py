"""The rule parser: its text cleaning (what both the rules and the field tagger read) and its imprint reading."""

from __future__ import annotations

import pytest

from pipeline.cite.rules import clean, read_fields


@pytest.mark.parametrize(("raw", "cleaned"), [
    ("TaP .Nat .Commun .7 ,11615 ( 2016).", "TaP. Nat. Commun. 7,11615 (2016)."),  # PDF spacing
    ("Nursing,vol.19", "Nursing, vol.19"),  # PDF text without spaces after commas
    ('A. Elfes, "Sonar-based mapping," IEEE J.', 'A. Elfes, "Sonar-based mapping," IEEE J.'),  # closing quote stays
    ('Smith,"Title," Journal', 'Smith, "Title," Journal'),  # an opening quote gets its space
    ("doi:10.1016/j.cell.2009.01.002", "doi:10.1016/j.cell.2009.01.002"),
    ("Fermi arcs.Science 349", "Fermi arcs. Science 349"),  # title glued to the journal
    ("Phys. Rev. Lett.37,1251", "Phys. Rev. Lett. 37,1251"),  # journal glued to volume and page
    ("Na 3 Bi. Science350,413", "Na 3 Bi. Science 350,413"),
    ("https://www.Nature.com/a.Science", "https://www.Nature.com/a.Science"),  # web addresses stay whole
    ("J.Select. Areas", "J.Select. Areas"),  # initials are not sentences
])
def test_clean_repairs_pdf_spacing_and_keeps_quotes(raw: str, cleaned: str) -> None:
    assert clean(raw) == cleaned


@pytest.mark.parametrize("raw", [
    "Victorian Equal Opportunity and Human Rights Commission (2008). Rights of passage: The experiences of "
    "Australian-Sudanese young people, VEOHRC, Melbourne.",
    "U. Dayal, H. Garcia-Molina, M. Hsu, B. Kao, and M.- C. Shan. Third generation TP monitors: A database challenge. "
    "In ACM SIGMOD Conference on Management of Data, pages 393-397, Washington, D. C., May 1993.",
])
def test_a_title_and_subtitle_are_no_place_and_publisher(raw: str) -> None:
    fields, _ = read_fields(clean(raw))
    assert fields.publisher is None and fields.place is None


def test_a_place_may_join_two_cities() -> None:
    fields, _ = read_fields(clean("Slobin, D. I. 1981. The origins of grammatical encoding of events. London & New "
                                  "York: Academic Press."))
    assert (fields.place, fields.publisher) == ("London & New York", "Academic Press")
