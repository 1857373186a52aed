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


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over ``path``.

    The file gets the permissions a plain ``open(path, "w")`` would give (the replaced file's, else 0o666 less the
    umask), not the owner-only mode of the temporary file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
