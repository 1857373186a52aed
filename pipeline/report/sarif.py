"""SARIF 2.1.0 (OASIS), the format code-scanning services read: one run, every rule, one result per finding."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from pipeline.check.registry import all_rules, fingerprint
from pipeline.model import Annotation, Finding, Severity
from pipeline.report.common import end_location, source_path

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
FINGERPRINT_KEY = "annociteFingerprint/v1"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A relative path stays relative (code scanning resolves it against the repository); absolute -> file URI."""
    candidate = Path(path)
    if candidate.is_absolute():
        return candidate.as_uri()
    return quote(PurePosixPath(path.replace("\\", "/")).as_posix())


def _rule_descriptors() -> list[dict]:
    return [
        {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.doc},
            "help": {"text": r.doc},
            "defaultConfiguration": {"level": _LEVELS[r.severity]},
        }
        for r in all_rules()
    ]


def _result(finding: Finding, annotations: Mapping[str, Annotation], rule_index: Mapping[str, int]) -> dict:
    end = end_location(finding, annotations)
    message = finding.message + (f" ({finding.suggestion})" if finding.suggestion else "")
    region = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": end.line,
        "endColumn": end.column + 1,  # SARIF end columns are exclusive
        "snippet": {"text": finding.snippet},
    }
    result = {
        "ruleId": finding.code,
        "level": _LEVELS[finding.severity],
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(source_path(finding.document, annotations))},
                    "region": region,
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding)},
        "properties": {"document": finding.document, "page": finding.page, "references": list(finding.references)},
    }
    if finding.code in rule_index:
        result["ruleIndex"] = rule_index[finding.code]
    return result


def render(findings: Sequence[Finding], annotations: Mapping[str, Annotation]) -> str:
    rules = _rule_descriptors()
    rule_index = {descriptor["id"]: index for index, descriptor in enumerate(rules)}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": {"name": "annocite", "rules": rules}},
                "results": [_result(f, annotations, rule_index) for f in findings],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
