from __future__ import annotations

from report_fixtures import checked

from pipeline.model import Severity
from pipeline.report import exit_code, render


def test_terminal_groups_by_severity_with_location_snippet_and_help():
    findings, annotations = checked()
    text = render(findings, format="terminal", annotations=annotations, color=False)
    lines = text.splitlines()
    assert lines[0] == "Errors (3)"
    assert "drafts/draft.txt:3:34 CIT001 Citation 'CSTO, 2022f' matches no entry in the reference list" in lines
    assert "  | CSTO, 2022f" in lines and "  = help: Did you mean 'CSTO 2022e'?" in lines
    assert "Warnings (4)" in lines
    assert lines[-1] == "3 errors, 4 warnings, 0 info in 1 document"
    assert "\x1b[" not in text


def test_terminal_colours_only_when_asked_and_strips_control_characters():
    findings, annotations = checked("Title \x1b[31m red")
    coloured = render(findings, format="terminal", annotations=annotations, color=True)
    plain = render(findings, format="terminal", annotations=annotations, color=False)
    assert "\x1b[1;31m" in coloured
    assert "\x1b[31m" not in plain and "\x1b[31m" not in coloured.replace("\x1b[1;31m", "")


def test_terminal_without_findings_and_exit_codes():
    _, annotations = checked()
    assert render([], format="terminal", annotations=annotations, color=False) == (
        "0 errors, 0 warnings, 0 info in 1 document\n"
    )
    findings, _ = checked()
    warnings = [f for f in findings if f.severity == Severity.WARNING]
    assert exit_code(findings, "error") == 1 and exit_code(warnings, Severity.ERROR) == 0
    assert exit_code(warnings, "warning") == 1 and exit_code([], "info") == 0
