"""Fixtures of the corpus tests: the real seed paper and a hand-made annotation of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_fixtures import build_annotation

from pipeline.extract import extract_document
from pipeline.model import Annotation, Document

SEED_NAME = "csto-perspectives.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` next to the repository root (the seed and corpus-dev papers); from a git worktree
    nested deeper, the nearest ``shared`` folder above it."""
    root = Path(__file__).resolve().parents[2]
    found = next((p / "shared" for p in root.parents if (p / "shared" / "papers").is_dir()), None)
    assert found is not None, f"shared data not found next to {root} or above it"
    return found


@pytest.fixture(scope="session")
def seed_path(shared_dir: Path) -> Path:
    return shared_dir / "papers" / SEED_NAME


@pytest.fixture(scope="session")
def seed_document(seed_path: Path) -> Document:
    return extract_document(seed_path)


@pytest.fixture(scope="session")
def seed_annotation(seed_document: Document) -> Annotation:
    return build_annotation(seed_document)
