"""Gold callouts, plain-text drafts and the link scorer, on all corpus-dev JATS articles and hand-made cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from shared_data import jats_manifest

from pipeline.evaluate.jats_gold import GoldCallout, align, map_callouts, render_draft, score_links
from pipeline.extract import extract_document

MANIFEST_ENTRIES = jats_manifest()


def _article(paragraphs: str, refs: str) -> bytes:
    return (
        "<article><front><article-meta><title-group><article-title>T</article-title></title-group></article-meta>"
        f"</front><body><sec><title>Intro</title>{paragraphs}</sec></body><back><ref-list>{refs}</ref-list></back>"
        "</article>"
    ).encode()


def _numbered_refs(count: int) -> str:
    return "".join(
        f"<ref id='r{n}'><label>{n}</label><mixed-citation>Author{n} A. Title {n}. J. 2001;{n}:1."
        "</mixed-citation></ref>"
        for n in range(1, count + 1)
    )


def test_manifest_has_all_papers(shared_dir: Path) -> None:
    assert len(MANIFEST_ENTRIES) == 31


@pytest.mark.parametrize("entry", MANIFEST_ENTRIES, ids=lambda e: e["file"])
def test_jats_gold_matches_manifest_and_reextracts(shared_dir: Path, entry: dict, tmp_path: Path) -> None:
    draft = render_draft((shared_dir / "corpus-dev" / entry["file"]).read_bytes(), path=entry["file"])
    # gold against the manifest's mechanical counts
    assert len(draft.references) == entry["refs"]
    assert draft.xref_count == entry["bibr_xrefs"]
    never_cited = [rid for i, rid in enumerate(draft.reference_ids) if i not in set(draft.cited)]
    assert never_cited == entry["never_cited_ids"]
    assert all(draft.text[c.start : c.end] == c.text and c.text.strip() == c.text for c in draft.callouts)
    assert "▶" not in draft.text and not re.search(r"</?(?:italic|bold|xref|sup|sub|p|sec|title)\b", draft.text)
    # the plain-text extractor finds the same reference list, and every callout maps onto the same text
    path = tmp_path / "draft.txt"
    path.write_text(draft.text, encoding="utf-8")
    document = extract_document(path)
    assert len(document.reference_entries) == entry["refs"]
    mapped = map_callouts(draft.callouts, align(draft.text, document.text), document.text)
    assert [c.text for c in mapped] == [c.text for c in draft.callouts]


def test_jats_gold_iucr_callout_is_the_text_before_the_arrow(shared_dir: Path) -> None:
    draft = render_draft((shared_dir / "corpus-dev" / "jats" / "actacryst-d-67-00463.xml").read_bytes())
    assert len(draft.callouts) == 29
    assert draft.callouts[0].text == "McPherson, 1990"
    assert draft.callouts[2].text == "Jancarik & Kim, 1991"
    assert all(re.fullmatch(r"[A-Z][^()]*, (19|20)\d\d", c.text) for c in draft.callouts), [
        c.text for c in draft.callouts
    ]


def test_jats_gold_numbered_range_expands() -> None:
    paragraph = (
        "<p>Shown before <xref ref-type='bibr' rid='r1'>[1]</xref>–<xref ref-type='bibr' rid='r4'>[4]</xref>"
        " and <xref ref-type='bibr' rid='r2 r5'>[2,5]</xref>.</p>"
    )
    draft = render_draft(_article(paragraph, _numbered_refs(5)))
    assert [(c.text, c.targets) for c in draft.callouts] == [("[1]–[4]", (0, 1, 2, 3)), ("[2,5]", (1, 4))]
    assert draft.xref_count == 3
    assert draft.cited == (0, 1, 3, 4)
    assert "\n\nReferences\n\n1. Author1 A. Title 1." in draft.text


def test_jats_gold_dash_between_author_year_callouts_is_not_a_range() -> None:
    paragraph = (
        "<p>(<xref ref-type='bibr' rid='r1'>Smith, 2001</xref>–<xref ref-type='bibr' rid='r3'>Jones, 2003</xref>)</p>"
    )
    draft = render_draft(_article(paragraph, _numbered_refs(3)))
    assert [c.targets for c in draft.callouts] == [(0,), (2,)]


def test_jats_gold_empty_xref_has_no_callout() -> None:
    paragraph = "<p><xref ref-type='bibr' rid='r1'/>Text follows (<xref ref-type='bibr' rid='r2'>2</xref>).</p>"
    draft = render_draft(_article(paragraph, _numbered_refs(2)))
    assert [(c.text, c.targets) for c in draft.callouts] == [("2", (1,))]
    assert draft.xref_count == 2


def test_jats_gold_align_maps_across_rejoined_paragraphs() -> None:
    draft = "Title\n\nFirst part of a sentence,\n\ncontinued (Smith, 2001) here.\n\nNext  one [2]."
    document = "Title\n\nFirst part of a sentence, continued (Smith, 2001) here.\n\nNext one [2]."
    offsets = align(draft, document)
    for callout in ("Smith, 2001", "[2]"):
        start = draft.index(callout)
        mapped_start, mapped_end = offsets.span(start, start + len(callout))
        assert document[mapped_start:mapped_end] == callout
    assert offsets(0) == 0


def test_jats_gold_align_identical_texts_is_identity() -> None:
    offsets = align("same text", "same text")
    assert offsets.identical and offsets(5) == 5


GOLD = [GoldCallout(10, 21, "Smith, 2001", (0,)), GoldCallout(30, 37, "[2]–[3]", (1, 2))]
REF_IDS = ["ref1", "ref2", "ref3"]


def test_score_links_perfect() -> None:
    predicted = [(10, 21, "ref1"), (30, 37, "ref2"), (30, 37, "ref3")]
    scores = score_links(predicted, GOLD, REF_IDS)
    assert (scores.precision, scores.recall, scores.f1) == (1.0, 1.0, 1.0)
    assert (scores.true_positives, scores.predicted, scores.gold) == (3, 3, 3)


def test_score_links_wrong_reference_and_missing_link() -> None:
    predicted = [(10, 21, "ref2"), (31, 33, "ref2")]  # wrong target; a partial span of the range still overlaps
    scores = score_links(predicted, GOLD, REF_IDS)
    assert (scores.true_positives, scores.predicted, scores.gold) == (1, 2, 3)
    assert scores.precision == pytest.approx(0.5)
    assert scores.recall == pytest.approx(1 / 3)
    assert scores.f1 == pytest.approx(0.4)


def test_score_links_no_overlap_duplicates_and_unresolved() -> None:
    predicted = [(0, 9, "ref1"), (10, 21, "ref1"), (12, 15, "ref1"), (30, 37, None)]
    scores = score_links(predicted, GOLD, REF_IDS)
    # outside any callout: false positive; a second link to an already matched pair: false positive;
    # an unresolved citation is not a link
    assert (scores.true_positives, scores.predicted, scores.gold) == (1, 3, 3)


def test_score_links_touching_spans_do_not_overlap() -> None:
    scores = score_links([(21, 30, "ref1")], GOLD, REF_IDS)
    assert scores.true_positives == 0


def test_score_links_empty_cases() -> None:
    assert score_links([], [], REF_IDS).f1 == 1.0
    nothing_found = score_links([], GOLD, REF_IDS)
    assert (nothing_found.precision, nothing_found.recall, nothing_found.f1) == (0.0, 0.0, 0.0)
    all_wrong = score_links([(10, 21, "ref1")], [], REF_IDS)
    assert (all_wrong.precision, all_wrong.recall) == (0.0, 0.0)
