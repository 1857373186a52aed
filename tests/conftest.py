"""Shared fixtures: the real data that the tests run on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# One BLAS thread, as the command line runs (pipeline.cli): set before anything imports numpy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from hypothesis import settings  # noqa: E402
from shared_data import ROOT, find_shared

# One hypothesis profile for every property test; ``make fuzz`` raises the number of examples through the variable.
settings.register_profile("annocite", max_examples=int(os.environ.get("ANNOCITE_FUZZ_EXAMPLES", "200")), deadline=None)
settings.load_profile("annocite")


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


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory, seed_path):
    """The whole pipeline on the seed, once per test session: (annotation, annotations dir, outputs dir)."""
    from pipeline.config import Config
    from pipeline.runner import process_draft

    out = tmp_path_factory.mktemp("seed-run")
    result = process_draft(seed_path, config=Config(), annotations_dir=out / "ann", outputs_dir=out / "out")
    assert result.error is None, result.error
    return result.annotation, out / "ann", out / "out"


@pytest.fixture(scope="session")
def seed_annotation(seed_run):
    return seed_run[0]


def pytest_collection_modifyitems(items):
    """Every hypothesis property test carries the ``fuzz`` marker: ``make fuzz`` runs them with many examples."""
    for item in items:
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.fuzz)
