"""SARIF output, validated against a compact subset of the SARIF 2.1.0 schema written for this test.

The official schema (sarif-schema-2.1.0.json) cannot be downloaded here; SARIF_SUBSET below encodes only the
parts annocite emits and that the OASIS specification requires: version, runs[].tool.driver (name, rules with
id), results with ruleId, level from the closed enum, message.text, physicalLocation with artifactLocation.uri
and a 1-based region.
"""

from __future__ import annotations

import json

import jsonschema
from report_fixtures import checked

from pipeline.check import all_rules, fingerprint
from pipeline.report import render
from pipeline.report.sarif import artifact_uri

TEXT = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}
SARIF_SUBSET = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "annocite's subset of SARIF 2.1.0 (not the official schema)",
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "$schema": {"type": "string"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "rules"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "rules": {"type": "array", "items": {
                                        "type": "object",
                                        "required": ["id", "name", "shortDescription", "fullDescription",
                                                     "defaultConfiguration"],
                                        "properties": {
                                            "id": {"type": "string"},
                                            "shortDescription": TEXT,
                                            "fullDescription": TEXT,
                                            "defaultConfiguration": {"type": "object", "properties": {
                                                "level": {"enum": ["none", "note", "warning", "error"]}}},
                                        },
                                    }},
                                },
                            }
                        },
                    },
                    "results": {"type": "array", "items": {
                        "type": "object",
                        "required": ["ruleId", "level", "message", "locations", "partialFingerprints"],
                        "properties": {
                            "ruleId": {"type": "string"},
                            "ruleIndex": {"type": "integer", "minimum": 0},
                            "level": {"enum": ["none", "note", "warning", "error"]},
                            "message": TEXT,
                            "partialFingerprints": {"type": "object", "additionalProperties": {"type": "string"}},
                            "locations": {"type": "array", "minItems": 1, "items": {
                                "type": "object",
                                "required": ["physicalLocation"],
                                "properties": {"physicalLocation": {
                                    "type": "object",
                                    "required": ["artifactLocation", "region"],
                                    "properties": {
                                        "artifactLocation": {"type": "object", "required": ["uri"],
                                                             "properties": {"uri": {"type": "string"}}},
                                        "region": {
                                            "type": "object",
                                            "required": ["startLine", "startColumn"],
                                            "properties": {
                                                "startLine": {"type": "integer", "minimum": 1},
                                                "startColumn": {"type": "integer", "minimum": 1},
                                                "endLine": {"type": "integer", "minimum": 1},
                                                "endColumn": {"type": "integer", "minimum": 1},
                                                "snippet": TEXT,
                                            },
                                        },
                                    },
                                }},
                            }},
                        },
                    }},
                },
            },
        },
    },
}


def test_sarif_validates_and_carries_rules_results_and_fingerprints():
    findings, annotations = checked()
    log = json.loads(render(findings, format="sarif", annotations=annotations))
    jsonschema.validate(log, SARIF_SUBSET)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in all_rules()]
    assert {r["defaultConfiguration"]["level"] for r in rules} == {"error", "warning", "note"}
    first = run["results"][0]
    assert first["ruleId"] == "CIT001" and first["level"] == "error"
    assert rules[first["ruleIndex"]]["id"] == "CIT001"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "drafts/draft.txt"
    assert location["region"]["startLine"] == 3 and location["region"]["snippet"]["text"] == "CSTO, 2022f"
    assert location["region"]["endColumn"] - location["region"]["startColumn"] == len("CSTO, 2022f")
    assert first["partialFingerprints"]["annociteFingerprint/v1"] == fingerprint(findings[0])
    assert len(run["results"]) == len(findings)


def test_sarif_artifact_uris():
    assert artifact_uri("sources/my draft.pdf") == "sources/my%20draft.pdf"
    assert artifact_uri("/work/a b.txt") == "file:///work/a%20b.txt"


def test_sarif_without_findings_is_still_valid():
    _, annotations = checked()
    log = json.loads(render([], format="sarif", annotations=annotations))
    jsonschema.validate(log, SARIF_SUBSET)
    assert log["runs"][0]["results"] == []
