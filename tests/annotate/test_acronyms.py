"""Acronym definitions and initials: pure functions, no model."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.annotate.acronyms import find_abbreviations, is_acronym, spells_acronym
from pipeline.model import SectionKind


def test_acronyms_long_form_then_short_form():
    text = "In addition, there is the Collective Rapid Reaction Force (CRRF) of the CSTO."
    (found,) = find_abbreviations(text)
    assert (found.short, found.long) == ("CRRF", "Collective Rapid Reaction Force")
    assert text[slice(*found.short_span)] == "CRRF"
    assert text[slice(*found.long_span)] == "Collective Rapid Reaction Force"


def test_acronyms_short_form_then_long_form():
    text = "Members of the SCO (Shanghai Cooperation Organization) met in 2022."
    (found,) = find_abbreviations(text)
    assert (found.short, found.long) == ("SCO", "Shanghai Cooperation Organization")
    assert text[slice(*found.long_span)] == found.long


def test_acronyms_hyphenated_word_is_one_initial():
    (found,) = find_abbreviations("the International Anti-Terrorist Media Forum (IAMF), operating under")
    assert found.long == "International Anti-Terrorist Media Forum"


def test_acronyms_glosses_and_citations_are_not_definitions():
    text = (
        "the creation of coalition (collective) forces of the Organization, regional (united) groups. "
        "The Permanent (Standing) Council operates (Lobanov, 2019, pp. 221-222). Partnership for Peace (PfP)."
    )
    assert [(a.short, a.long) for a in find_abbreviations(text)] == [("PfP", "Partnership for Peace")]


def test_acronyms_quotes_stripped_and_non_words_rejected():
    (found,) = find_abbreviations("mutants called ‘Rosette Colonies Absent’ (RCA) lack rosettes")
    assert found.long == "Rosette Colonies Absent"
    assert find_abbreviations("mail jon_clardy@hms.harvard.edu (JC); found m/z calcd for C17H36NO5S (M-H)") == []


def test_acronyms_long_form_stops_at_sentence_end():
    assert find_abbreviations("It signed the Treaty Organization (TO).")[0].long == "Treaty Organization"
    assert find_abbreviations("It signed the Treaty. Organization (TO) followed.") == []


def test_acronyms_seed_definitions(seed_document):
    body = [p for p in seed_document.paragraphs
            if seed_document.section_of(p.start).kind != SectionKind.REFERENCES]
    found = {(a.short, a.long) for p in body for a in find_abbreviations(seed_document.text[p.start : p.end])}
    assert found == {
        ("CSTO", "COLLECTIVE SECURITY TREATY ORGANIZATION"),
        ("CSTO", "Collective Security Treaty Organization"),
        ("IAMF", "International Anti-Terrorist Media Forum"),
        ("CRRF", "Collective Rapid Reaction Force"),
    }


def test_acronyms_initials_spell_undefined_acronyms():
    assert spells_acronym("CIS", "Commonwealth of Independent States")
    assert spells_acronym("SCO", "Shanghai Cooperation Organization")
    assert spells_acronym("US", "United States")
    assert not spells_acronym("SCO", "Shanghai Security Organization")
    assert not spells_acronym("US", "united systems")  # not a name
    assert not spells_acronym("US", "UN Secretariat")  # already an acronym
    assert not spells_acronym("US", "Unions")
    assert not spells_acronym("UW101", "University of Washington")  # a strain name, not an acronym


def test_acronyms_is_acronym():
    assert all(is_acronym(t) for t in ("CSTO", "US", "COVID-19", "BRICS"))
    assert not any(is_acronym(t) for t in ("Csto", "A", "PERSPECTIVES", "csto", "2022"))


# Initials A-M, other letters n-z: each letter of the acronym can only come from a word start.
capitalised_word = st.from_regex(r"[A-M][n-z]{2,9}", fullmatch=True)


@given(st.lists(capitalised_word, min_size=2, max_size=5))
def test_acronyms_initials_definition_round_trip(words):
    long_form = " ".join(words)
    short = "".join(w[0] for w in words)
    text = f"We study the {long_form} ({short}) closely."
    found = find_abbreviations(text)
    assert [(a.short, text[slice(*a.long_span)]) for a in found] == [(short, long_form)]
    assert spells_acronym(short, long_form)
