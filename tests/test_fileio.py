from __future__ import annotations

import os

import pytest

from pipeline.fileio import atomic_write_text, safe_child, slugify


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("csto-perspectives.txt", "csto-perspectives"),
        ("../../etc/passwd", "passwd"),
        ("Đurić 2020.pdf", "duric-2020"),
        ("..", "document"),
        ("a/b\\c.md", "c"),
    ],
)
def test_fileio_slugify_never_escapes(name, slug):
    assert slugify(name) == slug


def test_fileio_safe_child_rejects_escape(tmp_path):
    assert safe_child(tmp_path, "x.json") == (tmp_path / "x.json").resolve()
    with pytest.raises(ValueError):
        safe_child(tmp_path, "..")


def test_fileio_atomic_write_keeps_old_content_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    atomic_write_text(target, "old")

    def explode(*_args):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", explode)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_fileio_atomic_write_gives_the_usual_permissions(tmp_path):
    """Not the owner-only mode of the temporary file: a report must be readable as if written by open()."""
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "report.html"
        atomic_write_text(fresh, "x")
        assert fresh.stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.json"
        kept.write_text("old")
        kept.chmod(0o640)
        atomic_write_text(kept, "new")
        assert kept.stat().st_mode & 0o777 == 0o640 and kept.read_text() == "new"
    finally:
        os.umask(umask)
