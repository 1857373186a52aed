"""Shared fixtures: ``shared_dir`` is the project's shared data (seed paper, corpus-dev) next to the repo."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    candidate = Path(__file__).resolve().parents[1] / ".." / "shared"
    for folder in (candidate, *(p / "shared" for p in Path(__file__).resolve().parents)):
        if (folder / "papers").is_dir():
            return folder.resolve()
    pytest.fail("the shared data folder (../shared with papers/) was not found next to the repository")
