"""Safe file names and atomic writes: nothing is ever left half-written."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from pipeline.names import fold

_SLUG_UNSAFE = re.compile(r"[^a-z0-9]+")


def slugify(name: str, *, max_length: int = 80) -> str:
    """A safe, stable document id from a file name: ASCII, lower case, no path separators."""
    stem = Path(name.replace("\\", "/")).name
    for suffix in (".pdf", ".txt", ".md", ".xml", ".markdown", ".nxml"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    slug = _SLUG_UNSAFE.sub("-", fold(stem)).strip("-._")
    slug = re.sub(r"-{2,}", "-", slug)[:max_length].strip("-._")
    return slug or "document"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_text(text: str) -> str:
    return sha256_bytes(text.encode("utf-8"))


def safe_child(directory: Path, name: str) -> Path:
    """``directory/name`` where ``name`` cannot escape ``directory``."""
    candidate = (directory / Path(name).name).resolve()
    if candidate.parent != directory.resolve():
        raise ValueError(f"unsafe output name: {name!r}")
    return candidate


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
