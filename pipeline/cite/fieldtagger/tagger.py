"""Tagging with a trained model and training one (python-crfsuite, L-BFGS; deterministic for the same examples)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import pycrfsuite

from pipeline.cite.fieldtagger.features import Token, token_features, tokenize
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
    def __init__(self, model: Path) -> None:
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model))

    def labels(self, tokens: Sequence[Token], hints: Sequence[str]) -> list[str]:
        if not tokens:
            return []
        return list(self._tagger.tag(token_features(tokens, hints)))

    def tag(self, text: str, hints_for: Callable[[list[Token]], Sequence[str]]) -> Tagging:
        """Runs of equally labelled tokens over ``text`` (each run one field value), with the model's confidence."""
        tokens = tokenize(text)
        labels = self.labels(tokens, hints_for(tokens))
        confidence = self._tagger.probability(labels) if labels else 1.0
        segments: list[Segment] = []
        for token, label in zip(tokens, labels, strict=True):
            if segments and segments[-1].label == label:
                segments[-1] = Segment(label, segments[-1].start, token.end)
            else:
                segments.append(Segment(label, token.start, token.end))
        return Tagging(tuple(segments), confidence)


@functools.cache
def default_tagger() -> FieldTagger | None:
    """The model shipped with the package (None when it has not been trained, e.g. in a fresh checkout mid-build)."""
    return FieldTagger(MODEL_PATH) if MODEL_PATH.exists() else None


def train(examples: Iterable[Example], path: Path, params: dict | None = None) -> None:
    """Train a model on ``examples`` and write it to ``path`` atomically."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for example in examples:
        tokens = [Token(t, 0, 0) for t in example.tokens]
        trainer.append(token_features(tokens, example.hints), list(example.labels))
    trainer.set_params(params or TRAINING_PARAMS)
    scratch = path.with_name(path.name + ".training")
    trainer.train(str(scratch))
    try:
        atomic_write_bytes(path, scratch.read_bytes())
    finally:
        scratch.unlink(missing_ok=True)
