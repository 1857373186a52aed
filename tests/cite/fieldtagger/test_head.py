"""The field head's numpy run time against torch's output (a fixture made by tools/head_fixture.py), its input
encoding, its file format and the torch-free parts of its training. Torch is not needed (nor imported) here."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pytest

from pipeline.cite.fieldtagger import LABELS
from pipeline.cite.fieldtagger.features import LEXICON, token_features, tokenize
from pipeline.cite.fieldtagger.head import (
    CATEGORICAL,
    KINDS,
    MAX_CHARS,
    MISSING,
    UNKNOWN,
    FieldHead,
    clip_word,
    head_inputs,
    required_arrays,
)
from pipeline.cite.fieldtagger.head_training import (
    HeadExample,
    build_encoding,
    encode_example,
    frequent,
    import_torch,
    length_batches,
    npz_bytes,
    pad_batch,
    save_head,
)
from pipeline.errors import UsageError

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "head_fixture.npz"
CASES = json.loads((HERE / "head_fixture.json").read_text(encoding="utf-8"))["cases"]
TEXT = "Smith, J. (2010). “A title,” In Proc. of X, pp. 1–12. https://doi.org/10.1000/abcdefghijklmnopqrstuvwxyz"


@pytest.fixture(scope="module")
def head() -> FieldHead:
    return FieldHead.load(FIXTURE)


def _inputs(text: str, hints: list[str] | None = None) -> tuple[list[str], list[dict[str, str | float]]]:
    tokens = tokenize(text)
    return [t.text for t in tokens], head_inputs(token_features(tokens, hints or ["title"] * len(tokens)))


def _vectors(head: FieldHead, n: int) -> np.ndarray:
    return np.linspace(-1, 1, n * head.vector_size, dtype=np.float32).reshape(n, head.vector_size)


# --- the numpy forward ---

@pytest.mark.parametrize("case", range(len(CASES)))
def test_numpy_forward_matches_torch(head: FieldHead, case: int) -> None:
    data = CASES[case]
    probabilities = head.probabilities(data["words"], data["features"], np.array(data["vectors"], dtype=np.float32))
    np.testing.assert_allclose(probabilities, np.array(data["probabilities"]), atol=1e-5, rtol=0)


def test_probabilities_are_a_distribution_per_token(head: FieldHead) -> None:
    words, features = _inputs(TEXT)
    probabilities = head.probabilities(words, features, _vectors(head, len(words)))
    assert probabilities.shape == (len(words), len(head.labels))
    assert probabilities.dtype == np.float32
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    assert (probabilities >= 0).all()


def test_empty_string_gives_no_rows(head: FieldHead) -> None:
    assert head.probabilities([], [], np.zeros((0, head.vector_size), np.float32)).shape == (0, len(head.labels))


def test_unknown_words_and_characters_map_to_the_unknown_index(head: FieldHead) -> None:
    words, features = _inputs("Zyxqvwk ☃☃☃ 𝔘𝔫𝔦")
    categorical, _, chars = head.encoding.encode(words, features)
    assert (categorical[:, CATEGORICAL.index("raw")] == UNKNOWN).all()  # ("☃☃☃" has the empty core "w" of "&")
    assert (chars[1, :3] == UNKNOWN).all() and (chars[1, 3:] == 0).all()
    probabilities = head.probabilities(words, features, _vectors(head, len(words)))
    assert np.isfinite(probabilities).all()


def test_features_the_head_lacks_are_read_as_missing(head: FieldHead) -> None:
    categorical, kinds, _ = head.encoding.encode(["x"], [{}])
    hint_values = head.encoding.vocabularies[CATEGORICAL.index("hint")]
    expected = hint_values.index(MISSING) + 2 if MISSING in hint_values else UNKNOWN
    assert categorical[0, CATEGORICAL.index("hint")] == expected
    assert not kinds.any()


def test_vectors_of_the_wrong_shape_are_refused(head: FieldHead) -> None:
    words, features = _inputs("A title.")
    with pytest.raises(ValueError, match="vectors of shape"):
        head.probabilities(words, features, np.zeros((len(words), head.vector_size + 1), np.float32))


def test_long_words_keep_both_ends() -> None:
    word = "https://doi.org/10.1000/abcdefghij"
    assert clip_word(word) == word[:10] + word[-10:]
    assert len(clip_word(word)) == MAX_CHARS
    assert clip_word("short") == "short"


# --- its inputs ---

def test_head_inputs_drop_neighbour_and_bigram_keys() -> None:
    tokens = tokenize(TEXT)
    full = token_features(tokens, ["author"] * 2 + ["date"] + ["title"] * (len(tokens) - 3))
    inputs = head_inputs(full)
    assert len(inputs) == len(full)
    for own in inputs:
        assert not [key for key in own if key[0] in "-12" and ":" in key]
        assert {"bigram", "hint-1", "hint+1"}.isdisjoint(own)
        assert {"hint", "q", "par", "yr", "stops", "commas", "g:quote", "g:year_at", "w", "raw"} <= set(own)
    assert inputs[2]["k:year"] == 1.0 and inputs[2]["hint"] == "date"


def test_the_head_reads_every_feature_token_features_gives() -> None:
    """A feature added to features.py must be added to CATEGORICAL or KINDS too (or the head ignores it)."""
    texts = [TEXT, "Doe, J. and Roe, R. eds. 2001. Studies. Vol. 3, no. 2. Oxford University Press, 12–20.",
             "et al. (Hrsg.) im Journal of Phys. Rev. Lett. 12(3):45 Retrieved May, appear, thesis."]
    seen: dict[str, set[str]] = {}
    for text in texts:
        for own in head_inputs(token_features(tokenize(text), ["title"] * len(tokenize(text)))):
            for key, value in own.items():
                seen.setdefault("str" if isinstance(value, str) else "float", set()).add(key)
    assert seen["str"] == set(CATEGORICAL)
    assert seen["float"] - {"bias"} <= set(KINDS)
    assert {f"k:{kind}" for kind in LEXICON} <= set(KINDS)


# --- the file ---

def test_a_file_missing_an_array_is_named(head: FieldHead, tmp_path: Path) -> None:
    arrays = _arrays(FIXTURE)
    del arrays["output.bias"]
    broken = tmp_path / "broken-head.npz"
    broken.write_bytes(npz_bytes(arrays))
    with pytest.raises(UsageError, match=r"broken-head\.npz.*output\.bias"):
        FieldHead.load(broken)


def test_a_file_of_other_features_is_refused(tmp_path: Path) -> None:
    arrays = _arrays(FIXTURE)
    arrays["categorical"] = np.frombuffer(json.dumps([*CATEGORICAL[:-1], "g:other"]).encode(), dtype=np.uint8)
    other = tmp_path / "other.npz"
    other.write_bytes(npz_bytes(arrays))
    with pytest.raises(UsageError, match="other categorical features"):
        FieldHead.load(other)


def test_weights_that_do_not_fit_are_refused(tmp_path: Path) -> None:
    arrays = _arrays(FIXTURE)
    arrays["output.bias"] = arrays["output.bias"][:-1]
    bad = tmp_path / "bad.npz"
    bad.write_bytes(npz_bytes(arrays))
    with pytest.raises(UsageError, match="output.bias has shape"):
        FieldHead.load(bad)


def test_a_file_that_is_not_an_npz_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.npz"
    junk.write_text("not a zip", encoding="utf-8")
    with pytest.raises(UsageError, match="junk.npz"):
        FieldHead.load(junk)


def test_save_head_round_trips_and_is_reproducible(head: FieldHead, tmp_path: Path) -> None:
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    save_head(first, head.encoding, _arrays(FIXTURE))
    save_head(second, head.encoding, _arrays(FIXTURE))
    assert first.read_bytes() == second.read_bytes()
    assert set(np.load(first, allow_pickle=False).files) == set(required_arrays())
    again = FieldHead.load(first)
    assert again.encoding == head.encoding
    data = CASES[0]
    vectors = np.array(data["vectors"], dtype=np.float32)
    np.testing.assert_array_equal(again.probabilities(data["words"], data["features"], vectors),
                                  head.probabilities(data["words"], data["features"], vectors))


def _arrays(path: Path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as npz:
        return {name: npz[name] for name in npz.files}


# --- training's torch-free parts ---

def _example(words: list[str], features: list[Mapping[str, str | float]], labels: list[str]) -> HeadExample:
    return HeadExample(words, features, labels, np.zeros((len(words), 4), np.float32))


def test_vocabularies_keep_values_seen_often_enough() -> None:
    examples = [_example(["ab", "ab", "cd"], [{"w": "ab"}, {"w": "ab"}, {"w": "cd", "hint": "title"}],
                         ["title"] * 3),
                _example(["b"], [{"w": "b", "hint": "title"}], ["author"])]
    encoding = build_encoding(examples)
    w = encoding.vocabularies[CATEGORICAL.index("w")]
    assert w == ("ab",)  # twice; "cd" and "b" once
    assert encoding.vocabularies[CATEGORICAL.index("hint")] == (MISSING, "title")  # ties in code-point order
    assert encoding.chars == ("b",)  # "b" four times, "a" twice: characters need three
    assert encoding.labels == LABELS


def test_frequent_orders_by_count_then_value() -> None:
    assert frequent({"z": 3, "a": 3, "m": 5, "q": 1}, 2) == ("m", "a", "z")


def test_encoded_examples_pad_to_the_longest() -> None:
    encoding = build_encoding([_example(["a", "a", "a"], [{"w": "a"}] * 3, ["title"] * 3)])
    long = encode_example(encoding, ["a", "b", "a"], [{"w": "a"}, {"w": "b"}, {"w": "a"}],
                          np.ones((3, 4), np.float32), ["title", "date", "title"])
    short = encode_example(encoding, ["a"], [{"w": "a"}], np.ones((1, 4), np.float32), ["author"])
    assert long.categorical[:, CATEGORICAL.index("w")].tolist() == [2, UNKNOWN, 2]
    categorical, kinds, chars, targets, vectors = pad_batch([long, short])
    assert categorical.shape == (2, 3, len(CATEGORICAL)) and kinds.shape == (2, 3, len(KINDS))
    assert chars.shape == (2, 3, MAX_CHARS) and vectors.shape == (2, 3, 4)
    assert targets.tolist() == [[LABELS.index("title"), LABELS.index("date"), LABELS.index("title")],
                                [LABELS.index("author"), -100, -100]]
    assert not categorical[1, 1:].any() and not vectors[1, 1:].any()


def test_labels_outside_the_heads_are_refused() -> None:
    encoding = build_encoding([])
    with pytest.raises(ValueError, match="misc"):
        encode_example(encoding, ["a"], [{}], np.zeros((1, 4), np.float32), ["misc"])


def test_batches_group_strings_of_similar_length() -> None:
    assert length_batches([5, 1, 3, 1, 4], size=2) == [[1, 3], [2, 4], [0]]


def test_training_module_imports_without_torch() -> None:
    code = ("import sys; import pipeline.cite.fieldtagger.head_training; "
            "sys.exit(1 if 'torch' in sys.modules else 0)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=HERE.parents[2])


def test_missing_torch_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` raise ImportError
    with pytest.raises(UsageError, match=r"annocite\[train\]"):
        import_torch()
