"""Machine-readable JSON: one object per finding with the fields the spec lists, plus a summary."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict

from pipeline.check.registry import fingerprint
from pipeline.model import Annotation, Finding
from pipeline.report.common import source_path, summarize

JSON_REPORT_VERSION = 1


def finding_record(finding: Finding, annotations: Mapping[str, Annotation]) -> dict:
    return {
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "document": finding.document,
        "source": source_path(finding.document, annotations),
        "location": {
            "page": finding.page,
            "line": finding.line,
            "column": finding.column,
            "start": finding.start,
            "end": finding.end,
        },
        "snippet": finding.snippet,
        "references": list(finding.references),
        "fingerprint": fingerprint(finding),
    }


def render(findings: Sequence[Finding], annotations: Mapping[str, Annotation]) -> str:
    report = {
        "version": JSON_REPORT_VERSION,
        "findings": [finding_record(f, annotations) for f in findings],
        "summary": asdict(summarize(findings, annotations)),
    }
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
