"""Shared fixtures: where the team's shared data (seed paper, corpus-dev) lives."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` next to the repository root (the worktree layout of this project)."""
    root = Path(__file__).resolve().parents[1]
    for candidate in (root / ".." / "shared", root / ".." / ".." / "shared"):
        if (candidate / "corpus-dev").is_dir():
            return candidate.resolve()
    raise FileNotFoundError(f"no shared data directory next to {root}")
