"""JUnit XML for CI test dashboards: a testsuite per document, a testcase per rule, a failure per failing rule."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

from pipeline.check.registry import all_rules
from pipeline.model import Annotation, Finding
from pipeline.report.common import source_path

# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _failure_text(findings: Sequence[Finding], annotations: Mapping[str, Annotation]) -> str:
    lines = []
    for f in findings:
        lines.append(f"{source_path(f.document, annotations)}:{f.line}:{f.column} [{f.severity.value}] {f.message}")
        if f.snippet:
            lines.append(f"  | {f.snippet}")
        if f.suggestion:
            lines.append(f"  = help: {f.suggestion}")
    return _clean("\n".join(lines))


def _suite(document: str, findings: Sequence[Finding], annotations: Mapping[str, Annotation]) -> ET.Element:
    rules = all_rules()
    suite = ET.Element("testsuite", name=_clean(document), tests=str(len(rules)), errors="0", skipped="0")
    failures = 0
    for registered in rules:
        case = ET.SubElement(suite, "testcase", classname=f"annocite.{_clean(document)}",
                             name=f"{registered.code} {registered.name}")
        found = [f for f in findings if f.code == registered.code]
        if found:
            failures += 1
            worst = max(found, key=lambda f: f.severity.rank).severity.value
            count = f"{len(found)} finding" + ("" if len(found) == 1 else "s")
            failure = ET.SubElement(case, "failure", message=f"{count} ({worst})", type=worst)
            failure.text = _failure_text(found, annotations)
    suite.set("failures", str(failures))
    return suite


def render(findings: Sequence[Finding], annotations: Mapping[str, Annotation]) -> str:
    documents = sorted(set(annotations) | {f.document for f in findings})
    root = ET.Element("testsuites", name="annocite")
    for document in documents:
        root.append(_suite(document, [f for f in findings if f.document == document], annotations))
    root.set("tests", str(sum(int(s.get("tests", "0")) for s in root)))
    root.set("failures", str(sum(int(s.get("failures", "0")) for s in root)))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
