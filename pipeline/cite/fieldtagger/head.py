"""A neural second opinion on the field tagger's labels: a BiLSTM "head" over each token's own features, its
characters and a contextual word vector.

The CRF sees a window of two tokens either side; the head reads the whole string in both directions and a frozen
sentence encoder's vector for every word (computed elsewhere and passed in), which tells titles from containers
where the surface features alone do not. It gives a probability for every label of every token; the caller weighs
them against the CRF's.

This module is the run-time half and needs numpy only: the model is a ``.npz`` of float32 weights plus the
vocabularies that turn features into indices. Training (torch) is :mod:`pipeline.cite.fieldtagger.head_training`.

Interface::

    head = default_head()                                       # the shipped model, or None without one
    probs = head.probabilities(words, head_inputs(token_features(tokens, hints)), vectors)   # (n, len(head.labels))
"""

from __future__ import annotations

import functools
import json
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.cite.fieldtagger import HEAD_PATH
from pipeline.cite.fieldtagger.features import LEXICON
from pipeline.errors import UsageError

# The string-valued features of a token (its own form, running state, string style, rule hint), each embedded.
CATEGORICAL = ("w", "raw", "shape", "case", "p2", "s3", "last", "first", "len", "q", "par", "yr", "stops", "commas",
               "hint", "g:quote", "g:paren_year", "g:in", "g:year_at", "g:size")
# Word-valued features get wide embeddings; the rest have few values.
WIDE = frozenset({"w", "raw"})
# The 0/1 word kinds features.py can mark (its lexicon classes and its patterns), fed in as they are.
KINDS = tuple(f"k:{kind}" for kind in (*LEXICON, "year", "range", "volissue", "initials", "abbr", "link"))
MISSING = "<none>"  # the value of a categorical feature a token lacks (no hints given)
PAD, UNKNOWN = 0, 1  # reserved indices in every vocabulary; known values start at 2
MAX_CHARS = 20  # longer words keep their first and last MAX_CHARS // 2 characters

# token_features keys the head leaves out: its LSTM sees the neighbours themselves.
_NEIGHBOUR_KEY = re.compile(r"^-?\d+:")
_CONTEXT_KEYS = frozenset({"bigram", "hint-1", "hint+1"})


def head_inputs(features: Sequence[Mapping[str, str | float]]) -> list[dict[str, str | float]]:
    """The token's own, state, style and hint features: everything ``token_features`` gives except the
    neighbour and bigram keys."""
    return [{key: value for key, value in f.items() if key not in _CONTEXT_KEYS and not _NEIGHBOUR_KEY.match(key)}
            for f in features]


def clip_word(word: str) -> str:
    """The characters the character CNN reads: all of a short word, both ends of a long one (URLs, DOIs)."""
    half = MAX_CHARS // 2
    return word[:half] + word[-half:] if len(word) > MAX_CHARS else word


@dataclass(frozen=True)
class Encoding:
    """How a token becomes model input: one index per categorical feature, the kinds as 0/1, character indices.

    ``vocabularies[i]`` lists the known values of ``CATEGORICAL[i]`` in index order from 2; ``chars`` the same
    for characters."""

    labels: tuple[str, ...]
    vocabularies: tuple[tuple[str, ...], ...]
    chars: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.vocabularies) != len(CATEGORICAL):
            raise ValueError(f"{len(self.vocabularies)} vocabularies for {len(CATEGORICAL)} categorical features")

    @functools.cached_property
    def _indices(self) -> tuple[dict[str, int], ...]:
        return tuple(_index(values) for values in self.vocabularies)

    @functools.cached_property
    def _char_indices(self) -> dict[str, int]:
        return _index(self.chars)

    def encode(self, words: Sequence[str], features: Sequence[Mapping[str, str | float]]
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(categorical indices (n, len(CATEGORICAL)) int64, kinds (n, len(KINDS)) float32,
        character indices (n, MAX_CHARS) int64) for one string."""
        if len(words) != len(features):
            raise ValueError(f"{len(words)} words but {len(features)} feature dicts")
        n = len(words)
        categorical = np.array([[index.get(str(f.get(name, MISSING)), UNKNOWN)
                                 for name, index in zip(CATEGORICAL, self._indices, strict=True)]
                                for f in features], dtype=np.int64).reshape(n, len(CATEGORICAL))
        kinds = np.array([[float(f.get(kind, 0.0)) for kind in KINDS] for f in features],
                         dtype=np.float32).reshape(n, len(KINDS))
        chars = np.zeros((n, MAX_CHARS), dtype=np.int64)
        for i, word in enumerate(words):
            clipped = clip_word(word)
            chars[i, :len(clipped)] = [self._char_indices.get(char, UNKNOWN) for char in clipped]
        return categorical, kinds, chars


def _index(values: Sequence[str]) -> dict[str, int]:
    return {value: i for i, value in enumerate(values, start=2)}


# Weight arrays, named as the training module's torch parameters are, so the two sides line up by name.
LSTM_LAYERS = 2
_LSTM_SUFFIXES = tuple(f"_l{layer}{direction}" for layer in range(LSTM_LAYERS) for direction in ("", "_reverse"))
WEIGHT_NAMES = (
    *(f"embeddings.{i}.weight" for i in range(len(CATEGORICAL))),
    "char_embedding.weight", "char_conv.weight", "char_conv.bias", "projection.weight", "projection.bias",
    *(f"lstm.{kind}{suffix}" for suffix in _LSTM_SUFFIXES
      for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")),
    "output.weight", "output.bias",
)


def encoding_arrays(encoding: Encoding) -> dict[str, np.ndarray]:
    """The encoding as arrays for the .npz (readable with ``allow_pickle=False``): each list of strings as the
    UTF-8 bytes of its JSON (a unicode array would pad every value to the longest, a URL)."""
    arrays = {"labels": _strings(encoding.labels), "categorical": _strings(CATEGORICAL), "kinds": _strings(KINDS),
              "chars": _strings(encoding.chars)}
    arrays.update({f"vocabulary.{i}": _strings(values) for i, values in enumerate(encoding.vocabularies)})
    return arrays


def _strings(values: Sequence[str]) -> np.ndarray:
    return np.frombuffer(json.dumps(list(values), ensure_ascii=False).encode("utf-8"), dtype=np.uint8)


def _decoded(array: np.ndarray) -> tuple[str, ...]:
    return tuple(json.loads(array.tobytes().decode("utf-8")))


def required_arrays() -> tuple[str, ...]:
    return ("labels", "categorical", "kinds", "chars", *(f"vocabulary.{i}" for i in range(len(CATEGORICAL))),
            *WEIGHT_NAMES)


class FieldHead:
    """A trained head: label probabilities for each token of a reference string."""

    def __init__(self, encoding: Encoding, weights: Mapping[str, np.ndarray]) -> None:
        self.encoding = encoding
        self.labels = encoding.labels
        self._w = {name: np.asarray(weights[name], dtype=np.float32) for name in WEIGHT_NAMES}
        self._check_shapes()
        self.vector_size = self._w["projection.weight"].shape[1] - self._input_size_without_vector()
        if self.vector_size <= 0:
            raise ValueError(f"projection.weight has {self._w['projection.weight'].shape[1]} inputs, too few for "
                             "the embeddings, kinds and character filters")
        # Folding the two LSTM biases and transposing once keeps the per-token loop to one product.
        self._lstm = {suffix: (self._w[f"lstm.weight_ih{suffix}"].T.copy(), self._w[f"lstm.weight_hh{suffix}"].T.copy(),
                               self._w[f"lstm.bias_ih{suffix}"] + self._w[f"lstm.bias_hh{suffix}"])
                      for suffix in _LSTM_SUFFIXES}

    @classmethod
    def load(cls, path: Path) -> FieldHead:
        """Read a head written by :func:`pipeline.cite.fieldtagger.head_training.save_head`."""
        arrays = _read_npz(path)
        missing = [name for name in required_arrays() if name not in arrays]
        if missing:
            raise UsageError(str(path), f"the field head model lacks array(s) {', '.join(missing[:5])}",
                             _RETRAIN_HINT)
        for name, expected in (("categorical", CATEGORICAL), ("kinds", KINDS)):
            if _decoded(arrays[name]) != expected:
                raise UsageError(str(path), f"the field head model was trained on other {name} features "
                                 f"({', '.join(_decoded(arrays[name]))})", _RETRAIN_HINT)
        encoding = Encoding(labels=_decoded(arrays["labels"]),
                            vocabularies=tuple(_decoded(arrays[f"vocabulary.{i}"]) for i in range(len(CATEGORICAL))),
                            chars=_decoded(arrays["chars"]))
        try:
            return cls(encoding, arrays)
        except ValueError as error:  # shapes that do not fit together
            raise UsageError(str(path), f"the field head model's weights do not fit together: {error}",
                             _RETRAIN_HINT) from error

    def probabilities(self, words: Sequence[str], features: Sequence[Mapping[str, str | float]],
                      vectors: np.ndarray) -> np.ndarray:
        """(len(words), len(labels)) softmax probabilities for one reference string.

        ``features`` are the tokens' feature dicts (``token_features`` output; keys the head does not read are
        ignored), ``vectors`` the encoder's (len(words), vector_size) word vectors."""
        if not words:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.shape != (len(words), self.vector_size):
            raise ValueError(f"vectors of shape {vectors.shape} for {len(words)} words "
                             f"(expected ({len(words)}, {self.vector_size}))")
        categorical, kinds, chars = self.encoding.encode(words, features)
        hidden = self._token_inputs(categorical, kinds, chars, vectors)
        for layer in range(LSTM_LAYERS):
            hidden = np.concatenate([self._lstm_pass(hidden, f"_l{layer}", reverse=False),
                                     self._lstm_pass(hidden, f"_l{layer}_reverse", reverse=True)], axis=1)
        return _softmax(hidden @ self._w["output.weight"].T + self._w["output.bias"])

    def _check_shapes(self) -> None:
        """ValueError unless the weights chain together and match the vocabularies and labels."""
        w = self._w
        expected = {f"embeddings.{i}.weight": (len(values) + 2, None)
                    for i, values in enumerate(self.encoding.vocabularies)}
        filters, char_size, _ = _shape(w, "char_conv.weight", 3)
        projected, _ = _shape(w, "projection.weight", 2)
        hidden = _shape(w, "lstm.weight_hh_l0", 2)[1]
        expected.update({"char_embedding.weight": (len(self.encoding.chars) + 2, char_size),
                         "char_conv.bias": (filters,), "projection.bias": (projected,),
                         "output.weight": (len(self.labels), 2 * hidden), "output.bias": (len(self.labels),)})
        for layer in range(LSTM_LAYERS):
            for direction in ("", "_reverse"):
                suffix = f"_l{layer}{direction}"
                expected.update({f"lstm.weight_ih{suffix}": (4 * hidden, 2 * hidden if layer else projected),
                                 f"lstm.weight_hh{suffix}": (4 * hidden, hidden),
                                 f"lstm.bias_ih{suffix}": (4 * hidden,), f"lstm.bias_hh{suffix}": (4 * hidden,)})
        for name, shape in expected.items():
            actual = w[name].shape
            if len(actual) != len(shape) or any(e is not None and a != e for a, e in zip(actual, shape, strict=True)):
                raise ValueError(f"{name} has shape {actual}, expected {shape}")

    def _input_size_without_vector(self) -> int:
        embedded = sum(self._w[f"embeddings.{i}.weight"].shape[1] for i in range(len(CATEGORICAL)))
        return embedded + len(KINDS) + self._w["char_conv.weight"].shape[0]

    def _token_inputs(self, categorical: np.ndarray, kinds: np.ndarray, chars: np.ndarray,
                      vectors: np.ndarray) -> np.ndarray:
        """Embeddings, kinds, character CNN and vector of each token, projected: (n, projection size)."""
        embedded = [self._w[f"embeddings.{i}.weight"][categorical[:, i]] for i in range(len(CATEGORICAL))]
        joined = np.concatenate([*embedded, kinds, self._char_cnn(chars), vectors], axis=1)
        return np.maximum(joined @ self._w["projection.weight"].T + self._w["projection.bias"], 0)

    def _char_cnn(self, chars: np.ndarray) -> np.ndarray:
        """Width-3 convolution over all MAX_CHARS positions (padding included, as in training), ReLU, max."""
        embedded = self._w["char_embedding.weight"][chars]  # n, positions, char embedding
        kernel, bias = self._w["char_conv.weight"], self._w["char_conv.bias"]  # filters, char embedding, 3
        padded = np.pad(embedded, ((0, 0), (1, 1), (0, 0)))
        width = kernel.shape[2]
        conv = sum(padded[:, j:j + MAX_CHARS, :] @ kernel[:, :, j].T for j in range(width)) + bias
        return np.maximum(conv, 0).max(axis=1)

    def _lstm_pass(self, inputs: np.ndarray, suffix: str, *, reverse: bool) -> np.ndarray:
        """One direction of one LSTM layer; gates in torch's order (input, forget, cell, output)."""
        w_input, w_hidden, bias = self._lstm[suffix]
        size = w_hidden.shape[0]
        gates_from_input = inputs @ w_input + bias
        h = np.zeros(size, dtype=np.float32)
        c = np.zeros(size, dtype=np.float32)
        out = np.zeros((len(inputs), size), dtype=np.float32)
        for t in range(len(inputs) - 1, -1, -1) if reverse else range(len(inputs)):
            gates = gates_from_input[t] + h @ w_hidden
            i, f, o = _sigmoid(gates[:size]), _sigmoid(gates[size:2 * size]), _sigmoid(gates[3 * size:])
            c = f * c + i * np.tanh(gates[2 * size:3 * size])
            h = o * np.tanh(c)
            out[t] = h
        return out


_RETRAIN_HINT = "train the head again, or delete the file to tag without it"


def _shape(weights: Mapping[str, np.ndarray], name: str, dimensions: int) -> tuple[int, ...]:
    shape = weights[name].shape
    if len(shape) != dimensions:
        raise ValueError(f"{name} has shape {shape}, expected {dimensions} dimensions")
    return shape


def _read_npz(path: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as npz:
            return {name: npz[name] for name in npz.files}
    except (OSError, ValueError, zipfile.BadZipFile, UnicodeDecodeError) as error:
        raise UsageError(str(path), f"cannot read the field head model: {error}", _RETRAIN_HINT) from error


def _sigmoid(x: np.ndarray) -> np.ndarray:
    # The tanh form cannot overflow (1 / (1 + exp(-x)) warns for large negative x in float32).
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


@functools.cache
def default_head() -> FieldHead | None:
    """The head shipped with the package (None when it has not been trained)."""
    return FieldHead.load(HEAD_PATH) if HEAD_PATH.exists() else None
