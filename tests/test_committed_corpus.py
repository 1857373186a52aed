"""CI validates the committed annotated corpus: one valid, up-to-date annotation file per draft in sources/."""

from __future__ import annotations

from pathlib import Path

from pipeline.corpus.validate import validate_corpus
from pipeline.extract import is_draft
from pipeline.fileio import slugify

ROOT = Path(__file__).resolve().parents[1]


def test_committed_corpus_has_an_annotation_for_every_source():
    drafts = [p for p in (ROOT / "sources").iterdir() if is_draft(p)]
    assert drafts
    for draft in drafts:
        assert (ROOT / "annotations" / f"{slugify(draft.name)}.json").is_file(), draft.name


def test_committed_corpus_validates():
    problems = validate_corpus(ROOT / "annotations", sources_dir=ROOT / "sources")
    assert problems == []
