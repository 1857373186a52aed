from __future__ import annotations

import xml.etree.ElementTree as ET

from report_fixtures import checked

from pipeline.check import all_rules
from pipeline.report import render


def test_junit_has_a_suite_per_document_and_a_failing_case_per_rule_with_findings():
    findings, annotations = checked()
    other_findings, other = checked(doc_id="second", source="drafts/second.txt")
    root = ET.fromstring(render(findings + other_findings[:1], format="junit", annotations=annotations | other))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["draft", "second"]
    rule_count = len(all_rules())
    assert root.get("tests") == str(2 * rule_count)
    draft = suites[0]
    assert draft.get("tests") == str(rule_count) and len(draft.findall("testcase")) == rule_count
    failing = {c.get("name").split()[0]: c.find("failure") for c in draft if c.find("failure") is not None}
    assert sorted(failing) == ["CIT001", "CIT003", "REF003", "REF004", "STY001"]
    assert draft.get("failures") == "5" and suites[1].get("failures") == "1" and root.get("failures") == "6"
    assert failing["CIT001"].get("message") == "2 findings (error)"
    assert "drafts/draft.txt:3:34 [error] Citation 'CSTO, 2022f'" in failing["CIT001"].text


def test_junit_survives_control_characters_in_document_text():
    findings, annotations = checked("Title with \x01 a control character")
    ET.fromstring(render(findings, format="junit", annotations=annotations))
