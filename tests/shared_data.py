"""Where the team's shared data lives: ``../shared`` beside the repository (CI lays it there), or the nearest
``shared`` folder above it (a git worktree), or ``$ANNOCITE_SHARED``."""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def find_shared() -> Path:
    override = os.environ.get("ANNOCITE_SHARED")
    candidates = [Path(override)] if override else []
    candidates += [folder / "shared" for folder in ROOT.parents]
    for candidate in candidates:
        if (candidate / "corpus-dev").is_dir() and (candidate / "papers").is_dir():
            return candidate
    raise FileNotFoundError(f"shared data not found beside {ROOT} (set ANNOCITE_SHARED)")


SHARED_DIR = find_shared()


def jats_manifest() -> list[dict]:
    """The corpus-dev JATS manifest (read at collection time to parametrize tests)."""
    manifest = SHARED_DIR / "corpus-dev" / "jats" / "manifest.json"
    return json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else []
