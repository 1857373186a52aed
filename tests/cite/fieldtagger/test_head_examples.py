"""The head's training examples: the CRF's, with each token's encoder vector, each distinct string encoded once."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pipeline.cite.fieldtagger.head_examples import WordVectors


class _CountingEncoder:
    """Stands in for MiniLM: a vector per word from its length, and a record of what it was asked to encode."""

    def __init__(self) -> None:
        self.encoded: list[tuple[str, ...]] = []

    def word_vectors(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        self.encoded.extend(tuple(s) for s in sentences)
        return [np.array([[len(w), i] for i, w in enumerate(s)], dtype=np.float32).reshape(len(s), 2)
                for s in sentences]


def test_each_distinct_string_is_encoded_once() -> None:
    encoder = _CountingEncoder()
    vectors = WordVectors(encoder)
    vectors.prepare([["Smith,", "J."], ["Nature", "12."], ["Smith,", "J."]])
    vectors.prepare([("Nature", "12."), ("A", "title.")])
    assert sorted(encoder.encoded) == [("A", "title."), ("Nature", "12."), ("Smith,", "J.")]
    np.testing.assert_array_equal(vectors[["Smith,", "J."]], [[6, 0], [2, 1]])


def test_progress_counts_the_strings_encoded() -> None:
    lines: list[str] = []
    WordVectors(_CountingEncoder()).prepare([[f"w{i}"] for i in range(3)], lines.append)
    assert lines == ["encoded 3/3 strings"]
