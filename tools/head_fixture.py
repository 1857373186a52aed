"""Generate the field-head fixture of tests/cite/fieldtagger/test_head.py: a tiny head trained with torch and saved
through the real save path (head_fixture.npz), and torch's probabilities for a few strings (head_fixture.json).
The test, which runs without torch, asks the numpy forward of :mod:`pipeline.cite.fieldtagger.head` to give the
same probabilities.

    PYTHONPATH=. python tools/head_fixture.py      # needs torch: pip install 'annocite[train]'

The layers are shrunk (a few KB of weights instead of MBs) and the word vectors are 8 made-up numbers per word (a
smooth function of the word's characters): the test checks arithmetic, not tagging quality.
"""

from __future__ import annotations

import json
import math
from itertools import islice
from pathlib import Path

import numpy as np

from pipeline.cite.fieldtagger.features import token_features, tokenize
from pipeline.cite.fieldtagger.head import head_inputs
from pipeline.cite.fieldtagger.head_training import (
    HeadExample,
    HeadSizes,
    build_encoding,
    fit,
    import_torch,
    model_weights,
    new_model,
    round_embeddings,
    save_head,
    torch_probabilities,
)
from pipeline.cite.tagged_fields import tagger_hints
from pipeline.evaluate.refstring_gold import read_anystyle, training_examples

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "training-data" / "anystyle-gold.xml"
OUT = ROOT / "tests" / "cite" / "fieldtagger"
SIZES = HeadSizes(wide_embedding=6, narrow_embedding=2, char_embedding=4, char_filters=5, projection=12, hidden=6,
                  vector=8)
TRAINING_STRINGS, EPOCHS = 200, 30
# Strings not trained on; the last ones bring unknown words and characters, a word longer than 20 characters and
# a single token.
CASES = ("Nguyễn, T. (2019). Ωmega-3 ☃ fatty acids. https://doi.org/10.1000/xyz123456789abcdefghij",
         "Q")


def pseudo_vectors(words: list[str], size: int = SIZES.vector) -> np.ndarray:
    """Stand-ins for encoder vectors: deterministic, different per word, of encoder-like magnitude."""
    return np.array([[math.sin(0.37 * (k + 1) * sum(map(ord, word)) + k) * 0.5 for k in range(size)]
                     for word in words], dtype=np.float32).reshape(len(words), size)


def main() -> None:
    torch = import_torch()
    gold = list(read_anystyle(SOURCE))
    examples = [HeadExample(e.tokens, head_inputs(token_features(tokenize(" ".join(e.tokens)), e.hints)), e.labels,
                            pseudo_vectors(list(e.tokens)))
                for e in islice(training_examples(gold[:TRAINING_STRINGS]), TRAINING_STRINGS)]
    encoding = build_encoding(examples)
    torch.manual_seed(0)
    model = new_model(encoding, SIZES)
    fit(model, encoding, examples, epochs=EPOCHS, progress=print)
    round_embeddings(model)
    save_head(OUT / "head_fixture.npz", encoding, model_weights(model))

    texts = [g.text for g in gold[TRAINING_STRINGS:TRAINING_STRINGS + 3]] + list(CASES)
    cases = []
    for text in texts:
        words = [t.text for t in tokenize(text)]
        features = head_inputs(token_features(tokenize(text), tagger_hints(text)))
        vectors = pseudo_vectors(words)
        probabilities = torch_probabilities(model, encoding, words, features, vectors)
        cases.append({"words": words, "features": features, "vectors": vectors.tolist(),
                      "probabilities": probabilities.tolist()})
    (OUT / "head_fixture.json").write_text(json.dumps({"cases": cases}, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases; head {(OUT / 'head_fixture.npz').stat().st_size} bytes")


if __name__ == "__main__":
    main()
