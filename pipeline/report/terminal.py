"""Human-readable text: findings grouped by severity, each with its quoted snippet and suggestion.

    csto.txt:61:1272 CIT001 Citation 'CSTO, 2022f' matches no entry in the reference list
      | CSTO, 2022f
      = help: Did you mean 'CSTO 2022e'?
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

from pipeline.model import Annotation, Finding, Severity
from pipeline.report.common import source_path, summarize

_COLOURS = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[1;36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
_HEADINGS = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings", Severity.INFO: "Info"}


def wants_color() -> bool:
    """Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color else text


def _printable(text: str) -> str:
    """Drop control characters from document text so a draft cannot move the cursor or recolour the terminal."""
    return "".join(c if c.isprintable() else " " for c in text)


def render(findings: Sequence[Finding], annotations: Mapping[str, Annotation], *, color: bool = False) -> str:
    lines: list[str] = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines.append(_paint(f"{_HEADINGS[severity]} ({len(group)})", _COLOURS[severity], color))
        for finding in group:
            where = f"{source_path(finding.document, annotations)}:{finding.line}:{finding.column}"
            code = _paint(finding.code, _COLOURS[severity], color)
            lines.append(f"{_paint(where, _BOLD, color)} {code} {_printable(finding.message)}")
            if finding.snippet:
                lines.append(_paint(f"  | {_printable(finding.snippet)}", _DIM, color))
            if finding.suggestion:
                lines.append(f"  = help: {_printable(finding.suggestion)}")
        lines.append("")
    lines.append(summarize(findings, annotations).sentence())
    return "\n".join(lines) + "\n"
