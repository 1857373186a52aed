"""Report renderers, one module per output format, and the exit-code rule.

    text = render(findings, format="sarif", annotations={a.document.id: a for a in annotations})
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pipeline.errors import UsageError
from pipeline.model import Annotation, Finding, Severity

FORMATS = ("terminal", "json", "sarif", "junit", "github", "html")


def render(
    findings: Sequence[Finding],
    *,
    format: str,
    annotations: Mapping[str, Annotation],
    color: bool | None = None,
) -> str:
    """Render findings (of the documents in ``annotations``) in one output format.

    ``color`` only affects the terminal format; None means "when standard output is a terminal".
    """
    from pipeline.report import github, html, json_report, junit, sarif, terminal

    ordered = sorted(findings, key=lambda f: (f.document, f.start, f.code, f.end, f.message))
    if format == "terminal":
        return terminal.render(ordered, annotations, color=terminal.wants_color() if color is None else color)
    renderers = {
        "json": json_report.render,
        "sarif": sarif.render,
        "junit": junit.render,
        "github": github.render,
        "html": html.render,
    }
    if format not in renderers:
        raise UsageError(None, f"unknown report format {format!r}", f"use one of: {', '.join(FORMATS)}")
    return renderers[format](ordered, annotations)


def exit_code(findings: Sequence[Finding], fail_level: Severity | str = Severity.ERROR) -> int:
    """1 when any finding is at or above ``fail_level``, else 0."""
    try:
        level = Severity(fail_level)
    except ValueError:
        raise UsageError(None, f"unknown fail level {fail_level!r}", "use error, warning or info") from None
    return int(any(f.severity.rank >= level.rank for f in findings))


__all__ = ["FORMATS", "exit_code", "render"]
