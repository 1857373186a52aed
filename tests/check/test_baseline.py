from __future__ import annotations

import json

import pytest
from report_fixtures import checked

from pipeline.check import fingerprint
from pipeline.check.baseline import filter_new, write_baseline
from pipeline.errors import UsageError


def test_baseline_round_trip_keeps_only_new_findings(tmp_path):
    old, _ = checked()
    path = tmp_path / "baseline.json"
    write_baseline(path, old[:-1])
    assert filter_new(old, path) == old[-1:]
    # the draft changed before the findings: offsets moved, fingerprints did not
    moved, _ = checked(preamble="An abstract added in the next revision shifts every offset in the draft.")
    assert [f.start for f in moved] != [f.start for f in old]
    assert [fingerprint(f) for f in filter_new(moved, path)] == [fingerprint(old[-1])]


def test_baseline_file_is_sorted_deterministic_and_counts_repeats(tmp_path):
    findings, _ = checked()
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    write_baseline(first, findings)
    write_baseline(second, list(reversed(findings)))
    assert first.read_bytes() == second.read_bytes()
    data = json.loads(first.read_text(encoding="utf-8"))
    keys = [(e["document"], e["code"], e["fingerprint"]) for e in data["findings"]]
    assert keys == sorted(keys) and data["version"] == 1
    write_baseline(first, [findings[0]])
    assert filter_new([findings[0], findings[0]], first) == [findings[0]]


def test_baseline_write_is_atomic_and_bad_files_are_usage_errors(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text("keep me", encoding="utf-8")
    with pytest.raises(UsageError, match="not valid|cannot read"):
        filter_new([], path)
    assert path.read_text(encoding="utf-8") == "keep me"
    with pytest.raises(UsageError, match="baseline file not found"):
        filter_new([], tmp_path / "missing.json")
    path.write_text('{"version": 99, "findings": []}', encoding="utf-8")
    with pytest.raises(UsageError, match="not an annocite baseline"):
        filter_new([], path)
    findings, _ = checked()
    write_baseline(path, findings)
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]  # no temporary file left behind
