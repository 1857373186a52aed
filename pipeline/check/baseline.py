"""Baselines: remember today's findings so that later runs report only what is new.

The file is JSON, sorted, without timestamps: ``{"version": 1, "findings": [{"fingerprint", "code",
"document", "count"}]}``. Fingerprints ignore offsets (see ``fingerprint``), so a finding stays known when the
text around it moves; ``count`` lets two identical findings be baselined as two.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pipeline.check.registry import fingerprint
from pipeline.errors import UsageError
from pipeline.fileio import atomic_write_text
from pipeline.model import Finding

BASELINE_VERSION = 1


def write_baseline(path: Path, findings: Iterable[Finding]) -> None:
    """Write (atomically) the fingerprints of ``findings`` to ``path``."""
    counts = Counter((f.document, f.code, fingerprint(f)) for f in findings)
    entries = [
        {"fingerprint": key, "code": code, "document": document, "count": count}
        for (document, code, key), count in sorted(counts.items())
    ]
    text = json.dumps({"version": BASELINE_VERSION, "findings": entries}, ensure_ascii=False, indent=2)
    atomic_write_text(path, text + "\n")


def read_baseline(path: Path) -> Counter[str]:
    """Fingerprint -> how many findings with it the baseline accepts."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(str(path), "baseline file not found", "create it with --write-baseline") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UsageError(str(path), f"cannot read the baseline: {error}") from error
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION or not isinstance(
        data.get("findings"), list
    ):
        raise UsageError(str(path), f"not an annocite baseline (version {BASELINE_VERSION} expected)")
    counts: Counter[str] = Counter()
    for entry in data["findings"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise UsageError(str(path), f"malformed baseline entry: {entry!r}")
        counts[entry["fingerprint"]] += int(entry.get("count", 1))
    return counts


def filter_new(findings: Iterable[Finding], baseline_path: Path) -> list[Finding]:
    """The findings that the baseline does not already contain (each baseline entry absorbs ``count`` of them)."""
    remaining = read_baseline(baseline_path)
    new = []
    for finding in findings:
        key = fingerprint(finding)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            new.append(finding)
    return new
