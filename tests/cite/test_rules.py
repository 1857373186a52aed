"""The rule parser's text cleaning (what both the rules and the field tagger read)."""

from __future__ import annotations

import pytest

from pipeline.cite.rules import clean


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
