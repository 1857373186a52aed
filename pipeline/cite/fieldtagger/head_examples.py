"""The CRF's training examples turned into the second-opinion head's: the same tokens, labels and features, plus
each token's encoder vector.

Encoding is the slow part of training the head (about 20 ms a string, and the house-style copies double the
strings), and cross-validation trains five heads on largely the same strings, so :class:`WordVectors` encodes
each distinct token sequence once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from pipeline.cite.fieldtagger.encoder import MiniLM
from pipeline.cite.fieldtagger.features import Token, token_features
from pipeline.cite.fieldtagger.head import head_inputs
from pipeline.cite.fieldtagger.tagger import Example

_CHUNK = 512  # sequences per encoder call between progress lines


class WordVectors:
    """Encoder vectors of token sequences, computed once per distinct sequence."""

    def __init__(self, encoder: MiniLM) -> None:
        self._encoder = encoder
        self._memo: dict[tuple[str, ...], np.ndarray] = {}

    def prepare(self, sequences: Iterable[Sequence[str]], progress: Callable[[str], None] | None = None) -> None:
        """Encode every sequence not yet encoded (sorted by length, so that padded batches waste little)."""
        missing = sorted({tuple(s) for s in sequences} - self._memo.keys(), key=lambda s: (len(s), s))
        for start in range(0, len(missing), _CHUNK):
            chunk = missing[start:start + _CHUNK]
            self._memo.update(zip(chunk, self._encoder.word_vectors(chunk), strict=True))
            if progress:
                progress(f"encoded {min(start + _CHUNK, len(missing))}/{len(missing)} strings")

    def __getitem__(self, words: Sequence[str]) -> np.ndarray:
        return self._memo[tuple(words)]


def head_training_vectors() -> WordVectors:
    """Encoder vectors to train heads on, once torch and the encoder are known to be installed: called before any
    other training starts, so that a missing one is reported at once, not after minutes of CRF training."""
    from pipeline.cite.fieldtagger.head_training import import_torch
    from pipeline.cite.fieldtagger.second_opinion import required_encoder

    encoder = required_encoder()
    import_torch()
    return WordVectors(encoder)


def train_head_on(examples: Sequence[Example], path: Path, vectors: WordVectors,
                  progress: Callable[[str], None] | None = None) -> None:
    """Train the head on ``examples`` (encoding what ``vectors`` has not yet) and write it to ``path``."""
    from pipeline.cite.fieldtagger.head_training import HeadExample, train_head

    vectors.prepare((e.tokens for e in examples), progress)
    head_examples = [
        HeadExample(list(e.tokens), head_inputs(token_features([Token(t, 0, 0) for t in e.tokens], e.hints)),
                    list(e.labels), vectors[e.tokens])
        for e in examples]
    train_head(head_examples, path, progress=progress)
