"""GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=CODE::message``.

Escaping follows the runner's rules (actions/toolkit ``command.ts``): in the message ``%``, CR and LF are
percent-encoded; in property values ``:`` and ``,`` are too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pipeline.model import Annotation, Finding, Severity
from pipeline.report.common import end_location, source_path

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation_line(finding: Finding, annotations: Mapping[str, Annotation]) -> str:
    end = end_location(finding, annotations)
    properties = {
        "file": source_path(finding.document, annotations),
        "line": str(finding.line),
        "col": str(finding.column),
        "endLine": str(end.line),
    }
    if end.line == finding.line:  # GitHub only honours endColumn on single-line annotations
        properties["endColumn"] = str(end.column)
    properties["title"] = finding.code
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    message = finding.message + (f"\n{finding.suggestion}" if finding.suggestion else "")
    return f"::{_COMMANDS[finding.severity]} {rendered}::{escape_data(message)}"


def render(findings: Sequence[Finding], annotations: Mapping[str, Annotation]) -> str:
    return "".join(annotation_line(f, annotations) + "\n" for f in findings)
