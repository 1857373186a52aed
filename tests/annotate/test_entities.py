"""Entity mentions on the seed: ner-only loading, masking of citations and the reference list, trimming."""

from __future__ import annotations

import re

import pytest
import spacy
from entity_seed import stub_citations

from pipeline.annotate import annotate_entities
from pipeline.annotate.entities import (
    NUMERIC_LABELS,
    REFERENCE_WORDS,
    annotated_paragraphs,
    find_entities,
    mask_citations,
)
from pipeline.errors import UsageError
from pipeline.model import SectionKind
from pipeline.names import fold
from pipeline.nlp import DEFAULT_MODEL, load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def seed_citations(seed_document):
    return stub_citations(seed_document)


@pytest.fixture(scope="module")
def seed_mentions(seed_document, seed_citations, nlp):
    return find_entities(seed_document, seed_citations, nlp=nlp)


def test_nlp_loads_only_ner_and_caches(nlp):
    assert nlp.pipe_names == ["ner"]
    assert load_nlp() is nlp


def test_nlp_ner_only_finds_what_the_full_pipeline_finds(seed_document, nlp):
    full = spacy.load(DEFAULT_MODEL)
    texts = [seed_document.text[p.start : p.end] for p in annotated_paragraphs(seed_document)]

    def spans(pipeline):
        return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in pipeline.pipe(texts)]

    assert spans(nlp) == spans(full)


def test_nlp_missing_model_is_a_usage_error():
    with pytest.raises(UsageError, match="no_such_model_xyz.*not installed.*never downloads"):
        load_nlp("no_such_model_xyz")


def test_entities_mask_keeps_offsets(seed_document, seed_citations):
    masked = mask_citations(seed_document, seed_citations)
    assert len(masked) == len(seed_document.text)
    for citation in seed_citations:
        assert not any(c.isalnum() for c in masked[citation.start : citation.end])
    outside = [i for i in range(len(masked)) if not any(c.start <= i < c.end for c in seed_citations)]
    assert all(masked[i] == seed_document.text[i] for i in outside)


def test_entities_none_in_citations_or_references(seed_document, seed_citations, seed_mentions):
    references = seed_document.sections_of_kind(SectionKind.REFERENCES)
    assert seed_mentions
    for mention in seed_mentions:
        assert not any(c.start < mention.end and mention.start < c.end for c in seed_citations), mention
        assert not any(s.start < mention.end and mention.start < s.end for s in references), mention
    # Cited authors appear in the seed only inside citations and the reference list.
    assert not {"Lobanov", "Karimov", "Galović", "Simić", "Politika", "Danas"} & {m.text for m in seed_mentions}


def test_entities_text_is_trimmed_and_matches_document(seed_document, seed_mentions):
    for mention in seed_mentions:
        assert mention.text == seed_document.text[mention.start : mention.end]
        assert mention.text == mention.text.strip()
        assert not re.match(r"(?i)the\s", mention.text), mention
        assert not mention.text.endswith(("'s", "’s", ",")), mention


def test_entities_no_numbers_or_citation_words(seed_mentions):
    assert not {m.label for m in seed_mentions} & NUMERIC_LABELS
    assert not {fold(m.text) for m in seed_mentions} & REFERENCE_WORDS
    assert "DATE" in {m.label for m in seed_mentions}  # dates stay entities


def test_entities_sadyr_japarov_is_one_mention(seed_mentions):
    japarov = [m for m in seed_mentions if "Japarov" in m.text]
    assert [(m.text, m.label) for m in japarov] == [("Sadyr Japarov", "PERSON")]


def test_entities_every_csto_outside_citations_is_covered(seed_document, seed_citations, seed_mentions):
    masked = mask_citations(seed_document, seed_citations)
    starts = [p.start + m.start() for p in annotated_paragraphs(seed_document)
              for m in re.finditer(r"\bCSTO\b", masked[p.start : p.end])]
    assert len(starts) > 80
    uncovered = [s for s in starts if not any(m.start <= s < m.end for m in seed_mentions)]
    assert uncovered == []


def test_entities_dictionary_pass_adds_missed_surnames(seed_mentions):
    # NER tags "Ivica Dačić" but not the bare "Dačić" (body and footnote): the surname pass adds both.
    assert [m.text for m in seed_mentions if "Dačić" in m.text] == ["Ivica Dačić", "Dačić", "Dačić"]


def test_entities_annotate_is_deterministic(seed_document, seed_citations, nlp):
    first = annotate_entities(seed_document, seed_citations, nlp=nlp)
    second = annotate_entities(seed_document, seed_citations, nlp=nlp)
    assert first == second
