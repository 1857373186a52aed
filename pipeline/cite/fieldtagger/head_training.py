"""Training the field head (:mod:`pipeline.cite.fieldtagger.head`) with torch, and writing it as the ``.npz`` the
numpy run time reads.

Torch is an optional dependency (``annocite[train]``): it is imported inside the functions that need it, so this
module imports without it, and the torch-free parts (vocabularies, the file format) are usable and testable
anywhere. Training is deterministic: the same examples, epochs and seed give a byte-identical file.

Interface::

    train_head([HeadExample(words, features, labels, vectors), ...], path, epochs=10, progress=print)
"""

from __future__ import annotations

import functools
import io
import os
import random
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from pipeline.cite.fieldtagger import LABELS
from pipeline.cite.fieldtagger.head import (
    CATEGORICAL,
    KINDS,
    MAX_CHARS,
    MISSING,
    WEIGHT_NAMES,
    WIDE,
    Encoding,
    encoding_arrays,
    required_arrays,
)
from pipeline.errors import UsageError
from pipeline.fileio import atomic_write_bytes

if TYPE_CHECKING:
    import torch

MIN_VALUE_COUNT = 2  # a feature value seen once is as good as unknown
MIN_CHAR_COUNT = 3
LEARNING_RATE = 2e-3
FINAL_LEARNING_RATE = 5e-4  # for the last FINAL_EPOCHS epochs: settles the weights
FINAL_EPOCHS = 2
BATCH_SIZE = 32
CLIP_NORM = 5.0
DROPOUT = 0.3
LSTM_DROPOUT = 0.2
THREADS = 2  # fixed, so that the float sums (and so the file) do not depend on the machine's core count
IGNORED = -100  # the target of padding positions
# Stored, not deflated: float weights barely compress, and the file loads on every run (git compresses it anyway).
COMPRESSION = zipfile.ZIP_STORED
# The embedding tables are most of the file (a row per known word); half precision halves it, and the trained model
# is rounded to it before it is saved (round_embeddings), so what ships is exactly what was scored.
HALF_PRECISION_PREFIXES = ("embeddings.", "char_embedding.")


class HeadExample(NamedTuple):
    """One training string: its words, their feature dicts (``token_features``), gold labels and word vectors."""

    words: Sequence[str]
    features: Sequence[Mapping[str, str | float]]
    labels: Sequence[str]
    vectors: np.ndarray  # (len(words), vector size)


class HeadSizes(NamedTuple):
    """Layer sizes (the defaults are the model the head was designed with; tests use tiny ones)."""

    wide_embedding: int = 48
    narrow_embedding: int = 12
    char_embedding: int = 24
    char_filters: int = 48
    projection: int = 192
    hidden: int = 128  # per LSTM direction
    vector: int = 384


DEFAULT_SIZES = HeadSizes()


def train_head(examples: Sequence[HeadExample], path: Path, *, epochs: int = 10, seed: int = 0,
               progress: Callable[[str], None] | None = None) -> None:
    """Train the head and write its .npz atomically."""
    torch = import_torch()
    encoding = build_encoding(examples)
    torch.manual_seed(seed)  # the initial weights and, after them, the dropout masks
    model = new_model(encoding, HeadSizes(vector=_vector_size(examples)))
    fit(model, encoding, examples, epochs=epochs, seed=seed, progress=progress)
    round_embeddings(model)
    save_head(path, encoding, model_weights(model))


def round_embeddings(model: torch.nn.Module) -> None:
    """Round the embedding tables to half precision, as :func:`save_head` stores them."""
    torch = import_torch()
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if name.startswith(HALF_PRECISION_PREFIXES):
                parameter.copy_(parameter.half().float())


def import_torch() -> Any:
    # Idle OpenMP threads spin by default; on a shared machine that starves the other thread (an epoch went from
    # 60 s to over 15 minutes). Passive waiting does not change any result.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        import torch
    except ImportError as error:
        raise UsageError(None, "training the field head needs torch, which is not installed",
                         "pip install 'annocite[train]'") from error
    return torch


# --- the encoding (torch-free) ---

def build_encoding(examples: Iterable[HeadExample], labels: Sequence[str] = LABELS) -> Encoding:
    """Vocabularies from the training strings: feature values seen at least MIN_VALUE_COUNT times, characters
    at least MIN_CHAR_COUNT times."""
    value_counts: list[Counter[str]] = [Counter() for _ in CATEGORICAL]
    char_counts: Counter[str] = Counter()
    for example in examples:
        for features in example.features:
            for counts, name in zip(value_counts, CATEGORICAL, strict=True):
                counts[str(features.get(name, MISSING))] += 1
        for word in example.words:
            char_counts.update(word)
    return Encoding(labels=tuple(labels),
                    vocabularies=tuple(frequent(counts, MIN_VALUE_COUNT) for counts in value_counts),
                    chars=frequent(char_counts, MIN_CHAR_COUNT))


def frequent(counts: Mapping[str, int], min_count: int) -> tuple[str, ...]:
    """Values counted at least ``min_count`` times, most frequent first, ties in code-point order (so the order
    does not depend on the order of the examples)."""
    return tuple(value for value, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
                 if n >= min_count)


class EncodedExample(NamedTuple):
    categorical: np.ndarray  # (n, len(CATEGORICAL)) int64
    kinds: np.ndarray  # (n, len(KINDS)) float32
    chars: np.ndarray  # (n, MAX_CHARS) int64
    targets: np.ndarray | None  # (n,) int64 label indices
    vectors: np.ndarray  # (n, vector size) float32


def encode_example(encoding: Encoding, words: Sequence[str], features: Sequence[Mapping[str, str | float]],
                   vectors: np.ndarray, labels: Sequence[str] | None = None) -> EncodedExample:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or len(vectors) != len(words):
        raise ValueError(f"vectors of shape {vectors.shape} for {len(words)} words")
    targets = None
    if labels is not None:
        unknown = sorted(set(labels) - set(encoding.labels))
        if unknown or len(labels) != len(words):
            raise ValueError(f"labels {unknown or labels} do not fit the head's labels or the {len(words)} words")
        targets = np.array([encoding.labels.index(label) for label in labels], dtype=np.int64)
    return EncodedExample(*encoding.encode(words, features), targets, vectors)


def pad_batch(items: Sequence[EncodedExample]) -> tuple[np.ndarray, ...]:
    """The items stacked, shorter strings padded at the end with index 0, zero vectors and ignored targets."""
    size, count = max(len(item.categorical) for item in items), len(items)
    categorical = np.zeros((count, size, len(CATEGORICAL)), dtype=np.int64)
    kinds = np.zeros((count, size, len(KINDS)), dtype=np.float32)
    chars = np.zeros((count, size, MAX_CHARS), dtype=np.int64)
    targets = np.full((count, size), IGNORED, dtype=np.int64)
    vectors = np.zeros((count, size, items[0].vectors.shape[1]), dtype=np.float32)
    for row, item in enumerate(items):
        n = len(item.categorical)
        categorical[row, :n], kinds[row, :n], chars[row, :n], vectors[row, :n] = (
            item.categorical, item.kinds, item.chars, item.vectors)
        if item.targets is not None:
            targets[row, :n] = item.targets
    return categorical, kinds, chars, targets, vectors


def length_batches(lengths: Sequence[int], size: int = BATCH_SIZE) -> list[list[int]]:
    """Indices in batches of strings of about the same length (little padding): stable sort by length, cut."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    return [order[start:start + size] for start in range(0, len(order), size)]


# --- the file (torch-free) ---

def save_head(path: Path, encoding: Encoding, weights: Mapping[str, np.ndarray]) -> None:
    """Write the encoding and the weights (embedding tables in half precision, the rest float32) as an .npz,
    atomically."""
    arrays = {**encoding_arrays(encoding),
              **{name: np.asarray(weights[name], dtype=np.float16 if name.startswith(HALF_PRECISION_PREFIXES)
                                  else np.float32) for name in WEIGHT_NAMES}}
    atomic_write_bytes(path, npz_bytes({name: arrays[name] for name in required_arrays()}))


def npz_bytes(arrays: Mapping[str, np.ndarray]) -> bytes:
    """An .npz archive whose bytes depend on the arrays only (np.savez stamps each member with the current
    time)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=COMPRESSION) as archive:
        for name, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = COMPRESSION
            info.external_attr = 0o644 << 16
            archive.writestr(info, member.getvalue())
    return buffer.getvalue()


# --- the torch model ---

def new_model(encoding: Encoding, sizes: HeadSizes = DEFAULT_SIZES) -> torch.nn.Module:
    """A freshly initialised head (seed torch first for reproducible weights)."""
    return _model_class()(encoding, sizes)


@functools.cache
def _model_class() -> type:
    torch = import_torch()
    nn = torch.nn

    class Head(nn.Module):
        """Per token: embeddings of the categorical features, the kinds, a character CNN and the word vector,
        projected; a two-layer BiLSTM over the string; a linear layer to label scores. Parameter names are the
        array names of the .npz (head.WEIGHT_NAMES)."""

        def __init__(self, encoding: Encoding, sizes: HeadSizes) -> None:
            super().__init__()
            self.embeddings = nn.ModuleList([
                nn.Embedding(len(values) + 2, sizes.wide_embedding if name in WIDE else sizes.narrow_embedding,
                             padding_idx=0)
                for name, values in zip(CATEGORICAL, encoding.vocabularies, strict=True)])
            self.char_embedding = nn.Embedding(len(encoding.chars) + 2, sizes.char_embedding, padding_idx=0)
            self.char_conv = nn.Conv1d(sizes.char_embedding, sizes.char_filters, 3, padding=1)
            inputs = (sum(e.embedding_dim for e in self.embeddings) + len(KINDS) + sizes.char_filters
                      + sizes.vector)
            self.dropout = nn.Dropout(DROPOUT)
            self.projection = nn.Linear(inputs, sizes.projection)
            self.lstm = nn.LSTM(sizes.projection, sizes.hidden, num_layers=2, bidirectional=True,
                                batch_first=True, dropout=LSTM_DROPOUT)
            self.output = nn.Linear(2 * sizes.hidden, len(encoding.labels))

        def forward(self, categorical: torch.Tensor, kinds: torch.Tensor, chars: torch.Tensor,
                    vectors: torch.Tensor) -> torch.Tensor:
            batch, length, positions = chars.shape
            embedded = [embedding(categorical[:, :, i]) for i, embedding in enumerate(self.embeddings)]
            letters = self.char_embedding(chars.reshape(batch * length, positions)).transpose(1, 2)
            spelled = torch.relu(self.char_conv(letters)).max(dim=2).values.reshape(batch, length, -1)
            joined = torch.cat([*embedded, kinds, spelled, vectors], dim=2)
            hidden, _ = self.lstm(torch.relu(self.projection(self.dropout(joined))))
            return self.output(self.dropout(hidden))

    return Head


def fit(model: torch.nn.Module, encoding: Encoding, examples: Sequence[HeadExample], *, epochs: int, seed: int = 0,
        progress: Callable[[str], None] | None = None) -> None:
    """Adam on cross-entropy over batches of similar length, in a seeded random order each epoch; the learning
    rate drops for the last FINAL_EPOCHS epochs."""
    torch = import_torch()
    data = [encode_example(encoding, e.words, e.features, e.vectors, e.labels) for e in examples if e.words]
    batches = length_batches([len(item.categorical) for item in data])
    shuffler = random.Random(seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    loss_of = torch.nn.CrossEntropyLoss(ignore_index=IGNORED)
    threads = torch.get_num_threads()
    torch.set_num_threads(THREADS)
    try:
        model.train()
        for epoch in range(epochs):
            started = time.monotonic()
            if epoch == epochs - FINAL_EPOCHS:
                for group in optimizer.param_groups:
                    group["lr"] = FINAL_LEARNING_RATE
            shuffler.shuffle(batches)
            total = sum(_step(torch, model, optimizer, loss_of, [data[i] for i in batch]) for batch in batches)
            if progress:
                progress(f"epoch {epoch + 1}/{epochs}: mean loss {total / max(len(batches), 1):.4f}, "
                         f"{time.monotonic() - started:.1f} s")
    finally:
        torch.set_num_threads(threads)
    model.eval()


def _step(torch: Any, model: torch.nn.Module, optimizer: Any, loss_of: Any, items: list[EncodedExample]) -> float:
    categorical, kinds, chars, targets, vectors = (torch.from_numpy(a) for a in pad_batch(items))
    optimizer.zero_grad()
    scores = model(categorical, kinds, chars, vectors)
    loss = loss_of(scores.reshape(-1, scores.shape[-1]), targets.reshape(-1))
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP_NORM)
    optimizer.step()
    return float(loss.item())


def model_weights(model: torch.nn.Module) -> dict[str, np.ndarray]:
    """The model's parameters as float32 arrays under the .npz names."""
    state = {name: tensor.detach().cpu().numpy().astype(np.float32) for name, tensor in model.state_dict().items()}
    if set(state) != set(WEIGHT_NAMES):
        raise ValueError(f"the model's parameters {sorted(set(state) ^ set(WEIGHT_NAMES))} do not match the file's")
    return state


def torch_probabilities(model: torch.nn.Module, encoding: Encoding, words: Sequence[str],
                        features: Sequence[Mapping[str, str | float]], vectors: np.ndarray) -> np.ndarray:
    """The torch model's label probabilities for one string (checks the numpy forward against it)."""
    torch = import_torch()
    if not words:
        return np.zeros((0, len(encoding.labels)), dtype=np.float32)
    item = encode_example(encoding, words, features, vectors)
    categorical, kinds, chars, _, padded_vectors = (torch.from_numpy(a) for a in pad_batch([item]))
    model.eval()
    with torch.no_grad():
        return torch.softmax(model(categorical, kinds, chars, padded_vectors)[0], dim=-1).numpy()


def _vector_size(examples: Sequence[HeadExample]) -> int:
    sizes = {np.shape(e.vectors)[1] for e in examples if len(e.words)}
    if len(sizes) != 1:
        raise ValueError(f"the examples' word vectors have {len(sizes)} different sizes: {sorted(sizes)}")
    return sizes.pop()
