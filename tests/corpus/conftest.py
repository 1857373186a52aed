"""Fixtures of the corpus tests: the real seed paper and a hand-made annotation of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_fixtures import build_annotation

from pipeline.extract import extract_document
from pipeline.model import Annotation, Document

SEED_NAME = "csto-perspectives.txt"


@pytest.fixture(scope="session")
def seed_path(shared_dir: Path) -> Path:
    return shared_dir / "papers" / SEED_NAME


@pytest.fixture(scope="session")
def seed_document(seed_path: Path) -> Document:
    return extract_document(seed_path)


@pytest.fixture(scope="session")
def seed_annotation(seed_document: Document) -> Annotation:
    return build_annotation(seed_document)
