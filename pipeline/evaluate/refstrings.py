"""Score the reference-string parser against tagged gold (corpus-dev/refstrings, read by
:mod:`pipeline.evaluate.refstring_gold`).

A field is right when parser and gold agree: both empty, or both present and equal — authors as the set of folded
family names (a tagged span of dashes, "the same authors as before", expects no names), year exactly, title and
container by a fuzzy ratio of at least 0.9 after folding. Family names of the
gold are read from the tagged author span with the same name splitter the parser uses (the tag fixes where the list
starts and ends; the splitter only cuts it into names).

The shipped field tagger is trained on these same strings, so scoring it on them measures training accuracy.
``folds=k`` gives the honest number: each string is parsed by a model trained on the other k-1 folds only.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from pipeline.cite.authors import split_author_text
from pipeline.cite.fieldtagger.head import FieldHead
from pipeline.cite.fieldtagger.head_examples import WordVectors, head_training_vectors, train_head_on
from pipeline.cite.fieldtagger.second_opinion import SecondOpinion, required_encoder
from pipeline.cite.fieldtagger.tagger import MODEL_PATH, FieldTagger, train
from pipeline.cite.refdates import BARE_YEAR
from pipeline.cite.references import parse_reference
from pipeline.cite.rules import clean, tidy
from pipeline.evaluate.refstring_gold import (
    GoldReference,
    read_gold,
    string_key,
    trained_on,
    training_examples,
    training_strings,
)
from pipeline.model import Reference
from pipeline.names import fold

FIELDS = ("authors", "year", "title", "container")
FUZZY_THRESHOLD = 90.0


@dataclass(frozen=True)
class FieldScore:
    correct: int
    total: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class RefstringScores:
    """Per source (and "overall"), per field: how many strings the parser got right."""

    by_source: dict[str, dict[str, FieldScore]]
    misses: tuple[tuple[str, str, str], ...]  # (source, field, reference string) for inspection

    @property
    def overall(self) -> dict[str, FieldScore]:
        return self.by_source["overall"]


def score_refstrings(directory: Path, *, folds: int = 0, rules_only: bool = False, also: Path | None = None,
                     progress: Callable[[str], None] | None = None, second_opinion: bool = True) -> RefstringScores:
    """Parse every gold string in ``directory`` and count agreeing fields per source.

    With ``folds`` >= 2 the strings are split into that many folds (:func:`fold_of`) and each fold is
    parsed by a tagger trained on the others (plus the strings in ``also`` that are not in ``directory``);
    ``rules_only`` scores the rule parser alone (the baseline); otherwise the shipped parser reads them all.
    Without ``second_opinion`` the folds train and use the CRF alone (no encoder, no torch needed).
    """
    if folds >= 2:
        gold, extra = training_strings(directory, also)
        return score_gold(gold, cross_validated(gold, folds, progress, extra, second_opinion=second_opinion))
    gold = list(read_gold(directory))
    return score_gold(gold, [parse_reference(g.text, id="gold", rules_only=rules_only) for g in gold])


def cross_validated(gold: Sequence[GoldReference], folds: int, progress: Callable[[str], None] | None = None,
                    extra: Sequence[GoldReference] = (), jobs: int | None = None,
                    second_opinion: bool = True) -> list[Reference]:
    """Each string parsed by a tagger that never saw it: trained on the folds it is not in (and on ``extra``).
    The fold CRFs are trained in ``jobs`` processes at once (default: one per core) while the fold heads of the
    ``second_opinion`` are trained here, one after another (torch uses both cores); the result does not depend on
    ``jobs``."""
    fold_of_string = fold_of(gold, folds)
    held_out = [tuple(i for i, f in enumerate(fold_of_string) if f == k) for k in range(folds)]
    trainings = [[g for g, f in zip(gold, fold_of_string, strict=True) if f != k] + list(extra) for k in range(folds)]
    parsed: dict[int, Reference] = {}
    vectors = head_training_vectors() if second_opinion else None  # torch and the encoder, checked before work
    with tempfile.TemporaryDirectory() as scratch, \
            ProcessPoolExecutor(max_workers=min(folds, jobs or os.cpu_count() or 1)) as pool:
        models = [Path(scratch) / f"fold{k}.crfsuite" for k in range(folds)]
        crfs = []
        for k, (training, model) in enumerate(zip(trainings, models, strict=True)):
            if progress:
                progress(f"fold {k + 1}/{folds}: training on {len(training)} strings")
            crfs.append(pool.submit(train_fold, training, model))
        heads = _fold_heads(trainings, Path(scratch), vectors, progress) if vectors is not None else [None] * folds
        for k, crf in enumerate(crfs):
            crf.result()
            if progress:
                progress(f"fold {k + 1}/{folds}: parsing {len(held_out[k])} held-out strings")
        runs = [pool.submit(_parse_held_out, [gold[i].text for i in held_out[k]], models[k], heads[k])
                for k in range(folds)]
        for k, run in enumerate(runs):
            parsed.update(zip(held_out[k], run.result(), strict=True))
    return [parsed[i] for i in range(len(gold))]


def train_fold(training: Sequence[GoldReference], model: Path) -> None:
    train(training_examples(training), model)


def trained_tagger(gold: Sequence[GoldReference], model: Path) -> FieldTagger:
    """A CRF trained on ``gold`` alone (no second opinion)."""
    train_fold(gold, model)
    return FieldTagger(model)


def _fold_heads(trainings: list[list[GoldReference]], scratch: Path, vectors: WordVectors,
                progress: Callable[[str], None] | None) -> list[Path]:
    """The second-opinion head of each fold, trained on the fold's training strings (house-style copies too)."""
    heads = []
    for k, training in enumerate(trainings):
        if progress:
            progress(f"fold {k + 1}/{len(trainings)}: training the second-opinion head")
        heads.append(scratch / f"fold{k}-head.npz")
        train_head_on(list(training_examples(training)), heads[-1], vectors, progress)
    return heads


def _parse_held_out(texts: list[str], model: Path, head: Path | None) -> list[Reference]:
    opinion = SecondOpinion(required_encoder(), FieldHead.load(head)) if head else None
    tagger = FieldTagger(model, opinion)
    return [parse_reference(text, id="gold", tagger=tagger) for text in texts]


def fold_of(gold: Sequence[GoldReference], folds: int) -> list[int]:
    """The fold of each string: string i goes to fold i mod ``folds``, unless the same string came earlier (489 of
    ParsCit's 500 strings are also among AnyStyle's): then it goes where that one went, so that no string is
    scored by a tagger trained on its twin."""
    first: dict[str, int] = {}
    return [first.setdefault(string_key(g.text), i % folds) for i, g in enumerate(gold)]


def score_gold(gold: Sequence[GoldReference], parsed: Sequence[Reference]) -> RefstringScores:
    """Per source and overall, how many of ``parsed`` agree with their ``gold`` on each field."""
    counts: dict[str, dict[str, list[int]]] = {}
    misses: list[tuple[str, str, str]] = []
    for expected, reference in zip(gold, parsed, strict=True):
        for name in FIELDS:
            right = field_agrees(name, expected, reference)
            for source in (expected.source, "overall"):
                cell = counts.setdefault(source, {f: [0, 0] for f in FIELDS})[name]
                cell[0] += right
                cell[1] += 1
            if not right:
                misses.append((expected.source, name, expected.text))
    by_source = {source: {f: FieldScore(*cell) for f, cell in fields.items()} for source, fields in counts.items()}
    return RefstringScores(dict(sorted(by_source.items(), key=lambda kv: (kv[0] == "overall", kv[0]))),
                           tuple(misses))


def format_refstring_scores(scores: RefstringScores) -> str:
    """A plain-text table: one row per source, accuracy per field, the number of strings."""
    header = f"{'source':<12}" + "".join(f"{f:>11}" for f in FIELDS) + f"{'strings':>9}"
    lines = [header, "-" * len(header)]
    for source, fields in scores.by_source.items():
        cells = "".join(f"{fields[f].accuracy:>11.3f}" for f in FIELDS)
        lines.append(f"{source:<12}{cells}{fields['year'].total:>9}")
    return "\n".join(lines)


def field_agrees(name: str, gold: GoldReference, reference: Reference) -> bool:
    if name == "authors":
        return expected_families(gold.author_text) == {fold(a.family) for a in reference.authors}
    if name == "year":
        match = BARE_YEAR.search(gold.date_text or "")
        return (int(match.group("year")) if match else None) == reference.year
    expected_text = gold.title if name == "title" else gold.container
    return texts_agree(expected_text, reference.title if name == "title" else reference.container)


def expected_families(author_text: str | None) -> set[str]:
    """Folded family names of the tagged author span. A span without letters ("———.", "--") stands for "the same
    authors as the previous entry": the string itself names nobody, so the parser is right to return no names."""
    if not author_text or not re.search(r"[^\W\d_]", author_text):
        return set()
    return {fold(a.family) for a in split_author_text(author_text)[0]}


def comparable(text: str | None) -> str:
    """Folded text without a leading "In" (containers are tagged with or without it)."""
    folded = fold(tidy(clean(text))) if text else ""
    return re.sub(r"^in\s+", "", folded)


def texts_agree(expected: str | None, found: str | None) -> bool:
    a, b = comparable(expected), comparable(found)
    if not a or not b:
        return not a and not b
    return fuzz.ratio(a, b) >= FUZZY_THRESHOLD


def training_note(directory: Path, model: Path = MODEL_PATH) -> str:
    """A warning when the shipped model was trained on the strings just scored (training, not held-out, accuracy)."""
    if not trained_on(directory, model):
        return ""
    return ("note: the shipped field tagger was trained on these strings, so title and container above are training "
            "accuracy; run with --folds 5 for held-out accuracy")
