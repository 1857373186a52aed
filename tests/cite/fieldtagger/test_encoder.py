"""The numpy MiniLM encoder: same word pieces and vectors as transformers, batching, truncation, the weights file.

The expected values come from transformers itself (tests/cite/fieldtagger/minilm_expected.json, written by
tools/minilm_fixture.py), so these tests need neither torch nor transformers.
"""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path

import numpy as np
import pytest

from pipeline.cite.fieldtagger import encoder_dir
from pipeline.cite.fieldtagger.encoder import (
    DIMENSIONS,
    MAX_PIECES,
    MiniLM,
    default_encoder,
    read_safetensors,
)

FIXTURE = json.loads((Path(__file__).parent / "minilm_expected.json").read_text(encoding="utf-8"))
OFFICIAL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"  # revision 1110a243
TOLERANCE = 1e-4


@pytest.fixture(scope="module")
def encoder() -> MiniLM:
    found = default_encoder()
    assert found is not None, "the encoder package is not installed: make test installs it (see the Makefile)"
    return found


@pytest.mark.parametrize("case", FIXTURE["tokens"], ids=lambda case: repr(case["text"])[:40])
def test_pieces_match_transformers(encoder: MiniLM, case: dict) -> None:
    """Word-piece ids and first-piece positions equal the transformers tokenizer's, for each tricky string."""
    ids, first = encoder.pieces(case["text"].split())
    assert ids == case["ids"]
    assert first == case["first"]


@pytest.mark.parametrize("case", FIXTURE["vectors"], ids=lambda case: case["text"][:30])
def test_vectors_match_transformers(encoder: MiniLM, case: dict) -> None:
    """Each word's vector matches transformers' last hidden state at its first piece (leading dims and norm)."""
    words = case["text"].split()
    (vectors,) = encoder.word_vectors([words])
    assert vectors.shape == (len(words), DIMENSIONS)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(vectors[:, : len(case["head"][0])], case["head"], rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), case["norm"], rtol=0, atol=TOLERANCE)


def test_padding_does_not_change_a_sentence(encoder: MiniLM) -> None:
    """A short sentence gets the same vectors alone as when padded in a batch with longer ones."""
    short = ["Smith,", "J.", "(2020).", "A", "title.", "Nature,", "1,", "2–3."]
    longer = [case["text"].split() for case in FIXTURE["vectors"]]
    (alone,) = encoder.word_vectors([short])
    batched = encoder.word_vectors([longer[0], short, *longer[1:]])
    np.testing.assert_allclose(batched[1], alone, rtol=0, atol=1e-5)
    assert [len(v) for v in batched] == [len(longer[0]), len(short)] + [len(s) for s in longer[1:]]


def test_words_past_the_piece_limit_get_zero_vectors(encoder: MiniLM) -> None:
    """In a 400-word sentence the words past 256 pieces get zero vectors, the ones before do not."""
    words = ["the", "cat", "sat", "on", "a", "mat"] * 67  # one piece each
    words = words[:400]
    ids, first = encoder.pieces(words)
    kept = MAX_PIECES - 2
    assert len(ids) == MAX_PIECES
    assert first[:kept] == list(range(1, kept + 1))
    assert first[kept:] == [None] * (len(words) - kept)
    (vectors,) = encoder.word_vectors([words])
    norms = np.linalg.norm(vectors, axis=1)
    assert (norms[:kept] > 0.1).all()
    assert (norms[kept:] == 0).all()


def test_a_word_cut_by_the_limit_keeps_its_first_piece(encoder: MiniLM) -> None:
    """A word whose pieces cross the limit keeps its first piece; the sequence still ends with [SEP]."""
    words = ["the"] * (MAX_PIECES - 3) + ["pneumonoultramicroscopicsilicovolcanoconiosis", "after"]
    ids, first = encoder.pieces(words)
    assert len(ids) == MAX_PIECES
    assert ids[-1] == encoder.sep
    assert first[-2:] == [MAX_PIECES - 2, None]


def test_words_without_pieces_get_zero_vectors(encoder: MiniLM) -> None:
    """A word that the tokenizer deletes entirely (control characters) has no first piece and a zero vector."""
    (vectors,) = encoder.word_vectors([["Smith", "\x00\u200b", "2020"]])
    assert encoder.pieces(["Smith", "\x00\u200b", "2020"])[1] == [1, None, 2]
    assert not vectors[1].any()
    assert vectors[0].any() and vectors[2].any()


def test_no_sentences(encoder: MiniLM) -> None:
    """An empty call gives an empty list; an empty sentence an empty array."""
    assert encoder.word_vectors([]) == []
    (vectors,) = encoder.word_vectors([[]])
    assert vectors.shape == (0, DIMENSIONS)


def _safetensors(path: Path, header: dict, data: bytes) -> Path:
    raw = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + data)
    return path


def test_safetensors_reader_reads_a_small_file(tmp_path: Path) -> None:
    """A well-formed file gives its tensors with their shapes and values."""
    values = np.arange(6, dtype="<f4").reshape(2, 3)
    header = {
        "__metadata__": {"format": "pt"},
        "w": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
        "i": {"dtype": "I64", "shape": [2], "data_offsets": [24, 40]},
    }
    path = _safetensors(tmp_path / "ok.safetensors", header, values.tobytes() + np.array([7, 9], "<i8").tobytes())
    tensors = read_safetensors(path)
    np.testing.assert_array_equal(tensors["w"], values)
    assert tensors["i"].tolist() == [7, 9]


@pytest.mark.parametrize(
    ("header", "data"),
    [
        ({"w": {"dtype": "F32", "shape": [4, 4], "data_offsets": [0, 64]}}, b"\0" * 32),  # truncated data
        ({"w": {"dtype": "F32", "shape": [4, 4], "data_offsets": [0, 60]}}, b"\0" * 64),  # size ≠ shape × 4 bytes
        ({"w": {"dtype": "BF16", "shape": [2], "data_offsets": [0, 4]}}, b"\0" * 4),  # a dtype we do not read
    ],
    ids=["truncated", "wrong-size", "dtype"],
)
def test_safetensors_reader_rejects_a_bad_tensor(tmp_path: Path, header: dict, data: bytes) -> None:
    """A tensor whose bytes do not match its shape and dtype raises a ValueError naming the file."""
    path = _safetensors(tmp_path / "bad.safetensors", header, data)
    with pytest.raises(ValueError, match="bad.safetensors"):
        read_safetensors(path)


@pytest.mark.parametrize(
    "content",
    [b"", b"\x10\x00\x00\x00\x00\x00\x00\x00{}", struct.pack("<Q", 4) + b"{no}"],
    ids=["empty", "short", "json"],
)
def test_safetensors_reader_rejects_a_bad_header(tmp_path: Path, content: bytes) -> None:
    """An empty file, a header longer than the file or a header that is not JSON raises a ValueError naming the file."""
    path = tmp_path / "broken.safetensors"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="broken.safetensors"):
        read_safetensors(path)


def test_encoder_dir_holds_the_official_weights(encoder: MiniLM) -> None:
    """encoder_dir() finds the installed package; its weights are the official revision the fixture was made with."""
    folder = encoder_dir()
    assert folder is not None
    assert (folder / "vocab.txt").is_file() and (folder / "config.json").is_file()
    digest = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()
    assert digest == OFFICIAL_SHA256 == FIXTURE["model_sha256"]
