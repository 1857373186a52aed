"""The link evaluation on the whole dev set: every JATS paper rendered as a plain draft, run through extract + cite
and scored against the publisher's gold links."""

from __future__ import annotations

import pytest

from pipeline.evaluate.links import FIELDS, PaperResult, evaluate_links, format_link_scores

OVERALL_F1 = 0.97
PAPER_F1 = 0.95
# Papers that cannot reach PAPER_F1 for reasons outside the cite stage, with the floor they do reach.
# (ijm-00202 needed 0.93 while its editors-only entry "(2010). In Grown, C., & Valodia, I. (Eds.)" gave no names;
# it is now read and linked by its editors, leaving one callout "( , 2018)" with no author in the text.)
PAPER_EXCEPTIONS: dict[str, float] = {}


@pytest.fixture(scope="module")
def results(shared_dir) -> list[PaperResult]:
    return evaluate_links(shared_dir / "corpus-dev" / "jats")


def _micro_f1(results: list[PaperResult]) -> float:
    true_positives = sum(r.scores.true_positives for r in results)
    precision = true_positives / sum(r.scores.predicted for r in results)
    recall = true_positives / sum(r.scores.gold for r in results)
    return 2 * precision * recall / (precision + recall)


def test_links_cover_the_whole_dev_set(results, shared_dir):
    assert len(results) == len(list((shared_dir / "corpus-dev" / "jats").glob("*.xml"))) >= 30


def test_links_overall_f1(results):
    assert _micro_f1(results) >= OVERALL_F1, format_link_scores(results)


def test_links_every_paper_f1(results):
    low = {r.name: round(r.scores.f1, 3) for r in results if r.scores.f1 < PAPER_EXCEPTIONS.get(r.name, PAPER_F1)}
    assert not low, format_link_scores(results)


def test_links_reference_list_split_matches_the_gold(results):
    assert [(r.name, r.references_found) for r in results] == [(r.name, r.references_gold) for r in results]


# Reference-field accuracy against the publisher's tagged citations; floors sit just under the measured values.
FIELD_FLOORS = {"authors": 0.98, "year": 0.99, "title": 0.985, "container": 0.975}


def test_links_reference_fields_accuracy_floor(results):
    total = sum(r.field_total for r in results)
    accuracy = {f: sum(r.field_hits[f] for r in results) / total for f in FIELDS}
    assert all(accuracy[f] >= FIELD_FLOORS[f] for f in FIELDS), (accuracy, format_link_scores(results))


def test_links_untagged_printed_citations_carry_no_field_gold(results):
    by_name = {r.name: r for r in results}
    assert by_name["actacryst-d-67-00463"].field_total == 0  # IUCr mixed-citations hold no field tags
    assert by_name["elife-00005"].field_total == by_name["elife-00005"].references_gold

