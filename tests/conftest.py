"""Shared fixtures: the real data that the tests run on."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def find_shared() -> Path:
    """The shared data folder: ``../shared`` beside the repository (or $ANNOCITE_SHARED)."""
    import os

    override = os.environ.get("ANNOCITE_SHARED")
    candidates = [Path(override)] if override else []
    candidates += [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    for candidate in candidates:
        if (candidate / "corpus-dev").is_dir():
            return candidate
    raise FileNotFoundError("shared data not found beside the repository (set ANNOCITE_SHARED)")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return find_shared()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return ROOT / "sources" / "csto-perspectives.txt"


@pytest.fixture(scope="session")
def seed_document(seed_path):
    from pipeline.extract import extract_document

    return extract_document(seed_path)
