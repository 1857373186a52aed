"""Date mentions: the seed paper, real eLife text, hand-written cases for each form, and a property test."""

from __future__ import annotations

import html
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.annotate.dates import (
    find_anniversaries,
    find_dates,
    find_relative_offsets,
    parse_date_value,
)
from pipeline.extract import extract_document
from pipeline.model import Citation, DateMention, Document, SectionKind

ROOT = Path(__file__).resolve().parents[2]

# Stand-in for the citation finder (it lands from another branch): a parenthesised group that opens with a name and
# holds a year, a month-day or Ibid., e.g. "(Rajić & Gajić, 2020, pp. 148, etc)", "(President of Russia, May 16)".
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_CITATION_GROUP = re.compile(
    rf"\((?=[A-Z*])(?=[^()]*(?:,|&))[^()]*(?:\b\d{{4}}[a-z]?\b|\b(?:{_MONTHS}) \d{{1,2}}\b|Ibid)[^()]*\)"
    r"|\(\*Ibid(?:em)?\.?\*[^()]*\)"
)




def stand_in_citations(document: Document) -> list[Citation]:
    return [
        Citation(f"c{i}", m.start(), m.end(), m.group(), m.start(), m.end(), False, ())
        for i, m in enumerate(_CITATION_GROUP.finditer(document.text), start=1)
    ]


@pytest.fixture(scope="module")
def seed(shared_dir: Path) -> tuple[Document, list[Citation], tuple[DateMention, ...]]:
    document = extract_document(shared_dir / "papers" / "csto-perspectives.txt")
    citations = stand_in_citations(document)
    return document, citations, find_dates(document, citations)


def document_from(text: str, folder: Path) -> Document:
    path = folder / "draft.txt"
    path.write_text(text, encoding="utf-8")
    return extract_document(path)


def dates_in(text: str, folder: Path, **options: int | None) -> list[tuple[str, str, str]]:
    return [(m.text, m.value, m.granularity) for m in find_dates(document_from(text, folder), [], **options)]


def mention(mentions: tuple[DateMention, ...], text: str) -> DateMention:
    """The first mention with this text."""
    for found in mentions:
        if found.text == text:
            return found
    raise AssertionError(f"no date mention {text!r}")


def paragraph_texts(document: Document, mentions: tuple[DateMention, ...], containing: str) -> list[str]:
    paragraph = next(p for p in document.paragraphs if containing in document.text[p.start : p.end])
    return [m.text for m in mentions if paragraph.start <= m.start < paragraph.end]


# --- the seed paper -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "granularity"),
    [
        ("May 15, 1992", "1992-05-15", "day"),
        ("November 1, 1995", "1995-11-01", "day"),
        ("December 2, 2004", "2004-12-02", "day"),
        ("February 24, 2022", "2022-02-24", "day"),
        ("November 2006", "2006-11", "month"),
        ("January 2022", "2022-01", "month"),
        ("2006 to 2012", "2006/2012", "year"),
        ("from 1999 to 2002", "1999/2002", "year"),
        ("1993", "1993", "year"),
    ],
)
def test_dates_seed_explicit_dates(seed, text: str, value: str, granularity: str) -> None:
    _, _, mentions = seed
    found = mention(mentions, text)
    assert (found.value, found.granularity, found.inferred) == (value, granularity, None)


def test_dates_seed_following_year_is_the_year_itself(seed) -> None:
    document, _, mentions = seed
    found = mention(mentions, "1993")
    assert document.text[found.start - len("The following year, ") : found.start] == "The following year, "
    # The accession days in parentheses right after it take their year from it.
    assert mention(mentions, "September 9").value == "1993-09-09"
    assert mention(mentions, "December 31").value == "1993-12-31"


def test_dates_seed_since_keeps_the_month_year(seed) -> None:
    document, _, mentions = seed
    found = mention(mentions, "November 2016")
    assert found.value == "2016-11"
    assert document.text[found.start - 6 : found.start] == "since "


def test_dates_seed_day_range_takes_year_from_context(seed) -> None:
    _, _, mentions = seed
    found = mention(mentions, "May 18-19")
    assert (found.value, found.granularity) == ("2022-05-18/2022-05-19", "day")
    assert found.inferred == "year 2022 from the nearest preceding explicit date in the paragraph"


def test_dates_seed_yearless_day_and_mid_month(seed) -> None:
    _, _, mentions = seed
    april = mention(mentions, "April 29")
    assert (april.value, april.granularity) == ("2022-04-29", "day")
    assert april.inferred is not None and "year 2022" in april.inferred
    mid_may = mention(mentions, "mid-May")
    assert (mid_may.value, mid_may.granularity) == ("2022-05", "month")
    assert mid_may.inferred is not None and mid_may.inferred.startswith("mid")


def test_dates_seed_footnote_takes_year_from_the_document(seed) -> None:
    document, _, mentions = seed
    found = mention(mentions, "April 12")
    assert document.section_of(found.start).kind == SectionKind.FOOTNOTES
    assert found.value == "2022-04-12"
    assert found.inferred == "year 2022 from the nearest preceding explicit date in the document"


def test_dates_seed_citation_dates_are_not_body_dates(seed) -> None:
    document, citations, mentions = seed
    cited = document.text.index("(CSTO, 2022, April 29)")
    assert not [m for m in mentions if cited <= m.start < cited + len("(CSTO, 2022, April 29)")]
    for found in mentions:
        assert all(found.end <= c.start or found.start >= c.end for c in citations), found
    # Without the citation spans the same finder would read them: the masking is what keeps them out.
    unmasked = {m.text for m in find_dates(document, [])}
    assert "2022" in unmasked and "May 19" in unmasked


def test_dates_seed_nothing_from_the_reference_list(seed) -> None:
    document, _, mentions = seed
    (references,) = document.sections_of_kind(SectionKind.REFERENCES)
    assert mentions and all(m.end <= references.start for m in mentions)


def test_dates_seed_introduction_paragraph_full_set(seed) -> None:
    """ "Article 51", "Article 4", "p. 423" and the citation dates give nothing; every real date is there."""
    document, _, mentions = seed
    assert paragraph_texts(document, mentions, "Article 51 of the UN Charter") == [
        "May 15, 1992",
        "1993",
        "September 9",
        "September 24",
        "December 31",
        "November 1, 1995",
        "September 18, 2003",
        "December 2, 2004",
        "2013",
        "1999",
        "1999",
        "2012",
        "from 1999 to 2002",
        "November 2006",
        "2006 to 2012",
        "2012 to 2016",
        "November 2016",
    ]


def test_dates_seed_numbers_paragraph_full_set(seed) -> None:
    """No date from 26,600, 20,000, 28,000, 2,000 troops, 50%, 42%, $1.4 billion, COVID-19, CH-92, Minsk 2, 30th."""
    document, _, mentions = seed
    assert paragraph_texts(document, mentions, "CH-92 drones") == [
        "February 16, 2022",
        "March 16, 2022",
        "2020",
        "June 2004",
        "October 5, 2007",
        "2013",
        "November 30, 2020",
        "2018",
        "2019",
        "2020",
        "January 2022",
        "February 24, 2022",
        "April 29",
        "mid-May",
        "January",
        "May 18-19",
        "January 2022",
    ]


def test_dates_seed_ids_and_order(seed) -> None:
    _, _, mentions = seed
    assert [m.id for m in mentions] == [f"d{i}" for i in range(1, len(mentions) + 1)]
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


def test_dates_seed_anniversaries(seed) -> None:
    document, citations, _ = seed
    found = find_anniversaries(document, citations)
    assert [(n, what) for _, _, n, what in found] == [
        (30, "the signing of the Collective Security Treaty"),
        (20, "the organization's establishment"),
    ]
    start, end, _, _ = found[0]
    assert document.text[start:end] == "30th anniversary of the signing of the Collective Security Treaty"


def test_dates_seed_relative_offsets(seed) -> None:
    document, citations, _ = seed
    (offset,) = find_relative_offsets(document, citations)
    assert (offset.amount, offset.unit, offset.direction, offset.what) == (2, "day", "after", "the conflict began")
    assert document.text[offset.start : offset.end] == "Two days after the conflict began"


# --- real published text (eLife JATS body, tags stripped, citation callouts removed) -----------------------------


def jats_body_document(path: Path, folder: Path) -> Document:
    body = re.search(r"<body>(.*)</body>", path.read_text(encoding="utf-8"), re.S).group(1)
    body = re.sub(r"<xref[^>]*ref-type=\"bibr\"[^>]*>.*?</xref>", "", body, flags=re.S)
    body = re.sub(r"</p>|</title>", "\n\n", body)
    body = html.unescape(re.sub(r"<[^>]+>", "", body))
    return document_from(re.sub(r"[ \t]*\n[ \t]*\n\s*", "\n\n", body), folder)


def test_dates_elife_malaria_paper_periods(shared_dir: Path, tmp_path: Path) -> None:
    document = jats_body_document(shared_dir / "corpus-dev" / "jats" / "elife-09520.xml", tmp_path)
    found = [(m.text, m.value) for m in find_dates(document, [])]
    assert found == [
        ("1955", "1955"),
        ("1955–1969", "1955/1969"),
        ("2011", "2011"),
        ("1999", "1999"),
        ("Between 2010 and June 2014", "2010/2014-06"),
        ("2010", "2010"),
        ("2010", "2010"),
        ("July 1, 2012", "2012-07-01"),
        ("between July 2014 and June 2015", "2014-07/2015-06"),
        ("2011", "2011"),
        ("1995", "1995"),  # "from 10.0 cases per 1000 in 1995": 1000 is a rate, 1995 a year
        ("2010", "2010"),
        ("August 2012", "2012-08"),
        ("July 2013", "2013-07"),
        ("From January 2010 to June 2014", "2010-01/2014-06"),
        ("from 2010 through 2013", "2010/2013"),
        ("from 2010 till 2013", "2010/2013"),
    ]


def test_dates_elife_counts_are_not_years(shared_dir: Path, tmp_path: Path) -> None:
    """A retina paper full of "1326 ROIs", "(974 ROIs)", "1:1000" and no calendar date at all."""
    document = jats_body_document(shared_dir / "corpus-dev" / "jats" / "elife-09590.xml", tmp_path)
    assert "1326 ROIs" in document.text
    assert find_dates(document, []) == ()


# --- hand-written cases, one per form -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The treaty was signed on 15 May 1992 in Tashkent.", [("15 May 1992", "1992-05-15", "day")]),
        ("It was signed on the 15th of May 1992.", [("15th of May 1992", "1992-05-15", "day")]),
        ("It was signed on 15. 5. 1992 in Tashkent.", [("15. 5. 1992", "1992-05-15", "day")]),
        ("The file is dated 2022-03-03 in the archive.", [("2022-03-03", "2022-03-03", "day")]),
        ("It was signed on May 15th, 1992.", [("May 15th, 1992", "1992-05-15", "day")]),
        ("Observers came in November of 2006.", [("November of 2006", "2006-11", "month")]),
        ("The summit of Sept. 2019 was short.", [("Sept. 2019", "2019-09", "month")]),
        ("Moldova was a member 1999–2002.", [("1999–2002", "1999/2002", "year")]),
        ("It grew between 2018 and 2020.", [("between 2018 and 2020", "2018/2020", "year")]),
        (
            "Spending rose in 2018, 2019 and 2020.",
            [("2018", "2018", "year"), ("2019", "2019", "year"), ("2020", "2020", "year")],
        ),
        ("Membership changed in the 1990s.", [("1990s", "1990/1999", "year")]),
        ("Borders were drawn in the 1800s.", [("1800s", "1800/1899", "year")]),
        ("Talks began in spring 2020.", [("spring 2020", "2020-03/2020-05", "month")]),
        ("Troops left in winter 2019.", [("winter 2019", "2019-12/2020-02", "month")]),
        ("Talks resumed in mid-2015.", [("mid-2015", "2015", "year")]),
        (
            "The drills ran from May 30 to June 2, 2022.",
            [("from May 30 to June 2, 2022", "2022-05-30/2022-06-02", "day")],
        ),
        (
            "The drills ran from December 28 to January 3, 2022.",
            [("from December 28 to January 3, 2022", "2021-12-28/2022-01-03", "day")],
        ),
        ("The summit was held on May 18–19, 2022.", [("May 18–19, 2022", "2022-05-18/2022-05-19", "day")]),
        ("The summit was held on 18-19 May 2022.", [("18-19 May 2022", "2022-05-18/2022-05-19", "day")]),
        (
            "The force was created in May 2009 and used from 2010 to 2012.",
            [("May 2009", "2009-05", "month"), ("from 2010 to 2012", "2010/2012", "year")],
        ),
        # Mixed parts: the interval is only as precise as its coarser end.
        ("It expanded from May 1999 to 2002.", [("from May 1999 to 2002", "1999-05/2002", "year")]),
        ("It won the league in the 2018–19 season.", [("2018–19", "2018/2019", "year")]),
        (
            "The reform of 2013 failed. It was tried again in 2014.",
            [("2013", "2013", "year"), ("2014", "2014", "year")],
        ),
    ],
)
def test_dates_forms(text: str, expected: list[tuple[str, str, str]], tmp_path: Path) -> None:
    assert dates_in(text, tmp_path) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Under Article 51 of the Charter, 20,000 troops and about 26,600 in total were counted.",
        "Russia covers 50% and the budget was $1.4 billion, or 2.4% of GDP.",
        "During the COVID-19 pandemic it bought CH-92 drones; Minsk 2 was breached.",
        "Resolution 1244 was adopted; see p. 1999 and pp. 2001-2005 of the report.",
        "It marked the 30th anniversary of the treaty.",
        "Cells were imaged for 1500 ms at 2000 rpm, diluted 1:1000, with n = 2000 and ∼2000 compounds.",
        "Transfection used Lipofectamine 2000 and a HiSeq 1500 sequencer.",
        "More than 2000 people and 1200 soldiers, out of 2080 candidates, joined.",
        "We may 15 times repeat it; they march to the hall.",
        "The DOI is 10.1016/j.cell.2015.01.001 and the price was €2015.",
        "Residues 1148–1210 and 1035–1036 line the pore; 1326 ROIs from 11 retinas.",
    ],
)
def test_dates_numbers_that_are_not_dates(text: str, tmp_path: Path) -> None:
    assert dates_in(text, tmp_path) == []


def test_dates_yearless_without_context_keeps_no_year(tmp_path: Path) -> None:
    document = document_from("The meeting on April 29 was short, and another followed in mid-May.", tmp_path)
    april, may = find_dates(document, [])
    assert (april.value, april.granularity) == ("--04-29", "day")
    assert april.inferred == "year unknown: no explicit year before it"
    assert (may.value, may.granularity) == ("--05", "month")
    assert may.inferred == "mid: the middle of the month; year unknown: no explicit year before it"


def test_dates_yearless_falls_back_to_reference_year(tmp_path: Path) -> None:
    document = document_from("The meeting on April 29 was short.", tmp_path)
    (april,) = find_dates(document, [], reference_year=2023)
    assert april.value == "2023-04-29"
    assert april.inferred == "year 2023 from the reference year (the draft's date)"


def test_dates_a_year_without_the_day_is_not_inferred(tmp_path: Path) -> None:
    """29 February takes a leap year, not a common one (found by the property test below)."""
    document = document_from("The meeting on February 29 was short.", tmp_path)
    (common,) = find_dates(document, [], reference_year=2023)
    (leap,) = find_dates(document, [], reference_year=2024)
    assert common.value == "--02-29" and common.inferred == "year unknown: 2023 has no 29 February"
    assert leap.value == "2024-02-29"


def test_dates_year_from_paragraph_before_document(tmp_path: Path) -> None:
    text = "The pact dates from 1992.\n\nIt was renewed in 2010. Talks resumed on April 29.\n\nA summit met on May 3."
    mentions = find_dates(document_from(text, tmp_path), [], reference_year=2030)
    assert [(m.text, m.value, m.inferred) for m in mentions] == [
        ("1992", "1992", None),
        ("2010", "2010", None),
        ("April 29", "2010-04-29", "year 2010 from the nearest preceding explicit date in the paragraph"),
        ("May 3", "2010-05-03", "year 2010 from the nearest preceding explicit date in the document"),
    ]


def test_dates_decade_does_not_date_later_mentions(tmp_path: Path) -> None:
    (decade, april) = find_dates(document_from("In the 1990s, talks began on April 29.", tmp_path), [])
    assert decade.value == "1990/1999"
    assert april.value == "--04-29"


def test_dates_reversed_range_is_kept_for_the_check_stage(tmp_path: Path) -> None:
    (found,) = find_dates(document_from("He chaired it from 2012 to 2006.", tmp_path), [])
    assert found.value == "2012/2006"
    low, high = parse_date_value(found.value)
    assert low > high


def test_dates_citation_span_is_masked(tmp_path: Path) -> None:
    document = document_from("Talks began on May 4, 2021 (Smith, 2020, May 3) in Minsk.", tmp_path)
    start = document.text.index("(Smith")
    citation = Citation("c1", start, start + len("(Smith, 2020, May 3)"), "(Smith, 2020, May 3)", 0, 0, False, ())
    assert [m.text for m in find_dates(document, [citation])] == ["May 4, 2021"]


def test_dates_anniversary_by_word(tmp_path: Path) -> None:
    document = document_from(
        "They marked the tenth anniversary of the accord, and its 25th anniversary of x.", tmp_path
    )
    assert [(n, what) for _, _, n, what in find_anniversaries(document)] == [(10, "the accord"), (25, "x")]


def test_dates_relative_offsets_later_and_ago(tmp_path: Path) -> None:
    document = document_from("Three years later, the pact was signed 30 days before the summit.", tmp_path)
    assert [(o.amount, o.unit, o.direction, o.what) for o in find_relative_offsets(document)] == [
        (3, "year", "later", ""),
        (30, "day", "before", "the summit"),
    ]


# --- parse_date_value ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "low", "high"),
    [
        ("1992-05-15", date(1992, 5, 15), date(1992, 5, 15)),
        ("2006-11", date(2006, 11, 1), date(2006, 11, 30)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2013", date(2013, 1, 1), date(2013, 12, 31)),
        ("2006/2012", date(2006, 1, 1), date(2012, 12, 31)),
        ("2022-05-18/2022-05-19", date(2022, 5, 18), date(2022, 5, 19)),
        ("1999-05/2002", date(1999, 5, 1), date(2002, 12, 31)),
        ("--05-15", date(1, 5, 15), date(9999, 5, 15)),
        ("--02-29", date(4, 2, 29), date(9996, 2, 29)),
        ("--05", date(1, 5, 1), date(9999, 5, 31)),
    ],
)
def test_parse_date_value_bounds(value: str, low: date, high: date) -> None:
    assert parse_date_value(value) == (low, high)


@pytest.mark.parametrize("value", ["", "2022-13", "2022-02-30", "May 2022", "2022/", "1999/2000/2001", "0000", "22"])
def test_parse_date_value_rejects(value: str) -> None:
    with pytest.raises(ValueError):
        parse_date_value(value)


# --- property: any text -------------------------------------------------------------------------------------------

_DATE_WORDS = [
    "May",
    "15",
    "1992",
    ",",
    "2006",
    "to",
    "2012",
    "mid-May",
    "-",
    "–",
    "from",
    "between",
    "and",
    "the",
    "1990s",
    "spring",
    "winter",
    "of",
    "January",
    "December",
    "31",
    "29th",
    "15.",
    "5.",
    "2022-02-29",
    "Feb.",
    "30",
    "Article",
    "51",
    "%",
    "(Smith, 2020)",
    "\n\n",
    "since",
    "in",
    "anniversary",
    "30th",
    "days",
    "after",
    "1800s",
    "2100",
    "2101",
    "999",
    "early",
    "late",
    "Sept",
    "19",
    "99",
    "0",
    "$",
]


@given(
    words=st.lists(
        st.one_of(
            st.sampled_from(_DATE_WORDS),
            st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=6),
        ),
        max_size=40,
    ),
    cut=st.tuples(st.integers(0, 400), st.integers(1, 40)),
    reference_year=st.one_of(st.none(), st.integers(1000, 2100)),
)
def test_dates_any_text_property(words: list[str], cut: tuple[int, int], reference_year: int | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        document = document_from("Draft " + " ".join(words), Path(folder))
    start = min(cut[0], len(document.text))
    citation = Citation("c1", start, min(len(document.text), start + cut[1]), "", 0, 0, False, ())
    mentions = find_dates(document, [citation], reference_year=reference_year)
    assert len({m.id for m in mentions}) == len(mentions)
    for found in mentions:
        assert 0 <= found.start < found.end <= len(document.text)
        assert document.text[found.start : found.end] == found.text
        assert found.end <= citation.start or found.start >= citation.end
        assert found.granularity in ("day", "month", "year")
        parse_date_value(found.value)  # raises if the value is not ISO 8601
    find_anniversaries(document, [citation])
    find_relative_offsets(document, [citation])
