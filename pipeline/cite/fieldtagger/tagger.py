"""Tagging with a trained model and training one (python-crfsuite, L-BFGS; deterministic for the same examples)."""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pycrfsuite

from pipeline.cite.fieldtagger.features import Token, token_features, tokenize
from pipeline.cite.fieldtagger.second_opinion import GATE, CrfOpinion, SecondOpinion, default_second_opinion
from pipeline.fileio import atomic_write_bytes

MODEL_PATH = Path(__file__).with_name("reference-fields.crfsuite")
# L1 keeps the model small (unused features drop out); L2 smooths. Chosen by 5-fold cross-validation on corpus-dev.
TRAINING_PARAMS = {"c1": 0.02, "c2": 0.05, "max_iterations": 200, "feature.possible_transitions": True}


class Segment(NamedTuple):
    label: str
    start: int
    end: int


class Tagging(NamedTuple):
    segments: tuple[Segment, ...]
    confidence: float  # the probability the model gives its own labelling of the whole string


class Example(NamedTuple):
    """One training string: its tokens, the gold label of each and the rule parser's hint for each."""

    tokens: Sequence[str]
    labels: Sequence[str]
    hints: Sequence[str]


class FieldTagger:
    """The CRF, and where it is unsure and a second opinion is given, the better of its labelling and that one's."""

    def __init__(self, model: Path, second_opinion: SecondOpinion | None = None) -> None:
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model))
        self._labels = tuple(self._tagger.labels())
        self._second_opinion = second_opinion

    def tag(self, text: str, hints_for: Callable[[list[Token]], Sequence[str]]) -> Tagging:
        """Runs of equally labelled tokens over ``text`` (each run one field value), with the model's confidence."""
        tokens = tokenize(text)
        if not tokens:
            return Tagging((), 1.0)
        features = token_features(tokens, hints_for(tokens))
        labels = list(self._tagger.tag(features))  # also sets the sequence that probability() scores
        confidence = self._tagger.probability(labels)
        if self._second_opinion is not None and confidence < GATE:
            crf = CrfOpinion(labels, self._marginals(len(tokens)), self._labels, self._log_probability)
            labels = self._second_opinion.reconsidered([t.text for t in tokens], features, crf)
            confidence = self._tagger.probability(labels)
        segments: list[Segment] = []
        for token, label in zip(tokens, labels, strict=True):
            if segments and segments[-1].label == label:
                segments[-1] = Segment(label, segments[-1].start, token.end)
            else:
                segments.append(Segment(label, token.start, token.end))
        return Tagging(tuple(segments), confidence)

    def _marginals(self, length: int) -> np.ndarray:
        """(words, labels) the probability of each label at each word of the sequence last tagged."""
        return np.array([[self._tagger.marginal(label, t) for label in self._labels] for t in range(length)])

    def _log_probability(self, labels: list[str]) -> float:
        # Long strings underflow to 0; the floor keeps the comparison finite (both sides floored favours the mix).
        return math.log(max(self._tagger.probability(labels), 1e-300))


@functools.cache
def default_tagger() -> FieldTagger | None:
    """The model shipped with the package (None when it has not been trained, e.g. in a fresh checkout mid-build),
    with the shipped second opinion when the encoder is installed."""
    return FieldTagger(MODEL_PATH, default_second_opinion()) if MODEL_PATH.exists() else None


def train(examples: Iterable[Example], path: Path, params: dict | None = None) -> str:
    """Train a model on ``examples`` and write it to ``path`` atomically. Returns the digest of what the trainer
    was given (:func:`training_digest`)."""
    trainer = pycrfsuite.Trainer(verbose=False)
    sequences = list(_sequences(examples))
    for features, labels in sequences:
        trainer.append(features, labels)
    trainer.set_params(params or TRAINING_PARAMS)
    scratch = path.with_name(path.name + ".training")
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(scratch))
    try:
        atomic_write_bytes(path, scratch.read_bytes())
    finally:
        scratch.unlink(missing_ok=True)
    return _digest(sequences, params)


def training_digest(examples: Iterable[Example], params: dict | None = None) -> str:
    """SHA-256 of every feature and label the trainer would be given, and of its parameters. Training is
    deterministic, so two equal digests mean equal models: a change to the features, the hints or the rules that
    would change the model changes this digest (cheaper to check than re-training)."""
    return _digest(_sequences(examples), params)


def _digest(sequences: Iterable[tuple[list[dict[str, str | float]], list[str]]], params: dict | None) -> str:
    digest = hashlib.sha256()
    for features, labels in sequences:
        digest.update(_canonical([features, labels]))
    digest.update(_canonical(params or TRAINING_PARAMS))
    return digest.hexdigest()


def _sequences(examples: Iterable[Example]) -> Iterator[tuple[list[dict[str, str | float]], list[str]]]:
    for example in examples:
        tokens = [Token(t, 0, 0) for t in example.tokens]
        yield token_features(tokens, example.hints), list(example.labels)


def _canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")
