"""Dates in reference strings (pipeline.cite.refdates): month names in the languages reference lists are written
in, month ranges and seasons inside the parentheses after the authors."""

from __future__ import annotations

import pytest

from pipeline.cite.refdates import PAREN_DATES, date_anywhere, find_accessed, month_number, parse_paren_dates


@pytest.mark.parametrize(("written", "year", "month", "day"), [
    ("(2022, May 15)", 2022, 5, 15),
    ("(2022, March19)", 2022, 3, 19),
    ("(2014, décembre)", 2014, 12, None),
    ("(2014, Avril)", 2014, 4, None),
    ("(2006, Aout)", 2006, 8, None),
    ("(2019, März 3)", 2019, 3, 3),
    ("(2020, septiembre)", 2020, 9, None),
    ("(2018, ottobre 12)", 2018, 10, 12),
    ("(2021, avgust)", 2021, 8, None),
    ("(2000, September/October)", 2000, 9, None),  # an issue's two months: the first
    ("(2015, Jan.–Feb.)", 2015, 1, None),
    ("(2010, Spring)", 2010, None, None),  # a season is no month
    ("(2022, 15 May)", 2022, 5, 15),  # day first
    ("(2019, 3. März)", 2019, 3, 3),
    ("(2021, 1er janvier)", 2021, 1, 1),
    ("(2022, 15th May)", 2022, 5, 15),
])
def test_a_date_in_parentheses_with_its_month_in_any_language(written: str, year: int, month: int | None,
                                                               day: int | None) -> None:
    match = PAREN_DATES.fullmatch(written)
    assert match
    found = parse_paren_dates(match)
    assert (found.year, found.month, found.day) == (year, month, day)


@pytest.mark.parametrize("written", ["(2014, Marsupials)", "(2019, Decision 12)", "(2010, Maya)"])
def test_a_word_that_starts_like_a_month_is_no_month(written: str) -> None:
    assert PAREN_DATES.fullmatch(written) is None


def test_a_month_before_a_bare_year_in_another_language() -> None:
    text = "L’Eléphant du plateau Beaubourg, Nouvel Observateur, 1 Marzo 1976, 74-76"
    found = date_anywhere(text, 0)
    assert found and (found.year, found.month, found.day) == (1976, 3, 1)


@pytest.mark.parametrize(("name", "number"), [("Dec.", 12), ("déc", 12), ("Juli", 7), ("Sept", 9), ("Maj", 5),
                                              ("Mayday", None), (None, None)])
def test_month_number(name: str | None, number: int | None) -> None:
    assert month_number(name) == number


@pytest.mark.parametrize(("text", "accessed"), [
    ("Title. http://x.org. Accessed 3 ottobre 2021.", "2021-10-03"),
    ("Title. Retrieved Dezember 12, 2019, from http://x.org", "2019-12-12"),
    ("Title. Accessed Maybe later.", None),
    # PLOS ONE 0091296, year first: REF007 called it "not a valid date"
    ("Froese R, Pauly D, editors (2013) FishBase. Available: http://www.fishbase.org. Accessed 2013 July 1.",
     "2013-07-01"),
    ("Title. Accessed 2013 July, from http://x.org", None),
])
def test_an_access_date_with_its_month_in_another_language(text: str, accessed: str | None) -> None:
    assert find_accessed(text)[0] == accessed
