from __future__ import annotations

import json

import pytest
from report_fixtures import checked

from pipeline.errors import UsageError
from pipeline.report import render

SPEC_FIELDS = {"code", "rule", "severity", "message", "suggestion", "document", "location", "snippet", "references"}


def test_json_has_the_spec_fields_and_a_summary():
    findings, annotations = checked()
    report = json.loads(render(findings, format="json", annotations=annotations))
    assert len(report["findings"]) == len(findings)
    first = report["findings"][0]
    assert set(first) >= SPEC_FIELDS
    assert set(first["location"]) == {"page", "line", "column", "start", "end"}
    assert first["code"] == "CIT001" and first["suggestion"] == "Did you mean 'CSTO 2022e'?"
    assert first["references"] == ["r1"] and first["snippet"] == "CSTO, 2022f"
    assert report["summary"] == {"errors": 3, "warnings": 4, "info": 0, "documents": 1}


def test_json_is_deterministic_and_null_suggestions_stay_null():
    findings, annotations = checked()
    first = render(findings, format="json", annotations=annotations)
    assert first == render(list(reversed(findings)), format="json", annotations=annotations)
    without = [type(f)(**{**f.__dict__, "suggestion": None}) for f in findings[:1]]
    assert json.loads(render(without, format="json", annotations=annotations))["findings"][0]["suggestion"] is None


def test_unknown_format_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown report format 'yaml'"):
        render([], format="yaml", annotations={})
