"""Recall of check on defects injected into copies of the dev papers and the seed: one defect per copy, sites
sampled with a fixed seed, at least 20 per kind, and each kind caught at its site at least 95% of the time."""

from __future__ import annotations

import pytest

from pipeline.evaluate.defects import (
    KINDS,
    RECALL_TARGET,
    Outcome,
    evaluate_defects,
    format_defects,
    recall_by_kind,
)

MIN_PER_KIND = 20


@pytest.fixture(scope="module")
def outcomes(shared_dir, seed_path, tmp_path_factory) -> list[Outcome]:
    return evaluate_defects(shared_dir / "corpus-dev" / "jats", seed_paper=seed_path,
                            workdir=tmp_path_factory.mktemp("defects"))


def test_every_kind_is_injected_often_enough(outcomes):
    table = recall_by_kind(outcomes)
    assert set(table) == set(KINDS)
    assert {kind: n for kind, (n, _, _) in table.items() if n < MIN_PER_KIND} == {}, format_defects(outcomes)


def test_every_kind_reaches_the_recall_target(outcomes):
    low = {kind: round(recall, 3) for kind, (_, _, recall) in recall_by_kind(outcomes).items()
           if recall < RECALL_TARGET}
    assert low == {}, format_defects(outcomes)


def test_citation_and_list_defects_come_from_many_papers(outcomes):
    papers = {o.injection.paper for o in outcomes if o.injection.kind in ("year", "delete", "duplicate")}
    assert len(papers) >= 10


def test_each_copy_has_exactly_one_defect_and_a_site_in_its_text(outcomes):
    for outcome in outcomes:
        for start, end in outcome.injection.sites:
            assert 0 <= start < end <= len(outcome.injection.text), outcome.injection.description


def test_injection_is_deterministic(shared_dir, seed_path, tmp_path):
    first = evaluate_defects(shared_dir / "corpus-dev" / "jats", seed_paper=seed_path, kinds=("misspell",),
                             per_kind=5, workdir=tmp_path)
    again = evaluate_defects(shared_dir / "corpus-dev" / "jats", seed_paper=seed_path, kinds=("misspell",),
                             per_kind=5, workdir=tmp_path)
    assert [o.injection.description for o in first] == [o.injection.description for o in again]


def test_format_defects_prints_a_row_per_kind(outcomes):
    lines = format_defects(outcomes).splitlines()
    assert lines[0].split()[:4] == ["kind", "injected", "caught", "recall"]
    assert [line.split()[0] for line in lines[1 : 1 + len(KINDS)]] == list(KINDS)
