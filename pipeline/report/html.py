"""One self-contained, offline HTML file: a summary, the findings, and the draft text with findings highlighted.

Every piece of document text (title, snippets, messages, the draft itself) passes through ``html.escape``; ids
and classes are generated from numbers and severities only. No scripts, no external resources, and a
Content-Security-Policy that forbids both, so a hostile draft cannot run code in the reader's browser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from pipeline.model import Annotation, Finding, SectionKind, Severity
from pipeline.report.common import source_path, summarize

CSP = "default-src 'none'; style-src 'unsafe-inline'"
STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.2rem;border-bottom:1px solid #ccc;margin-top:2rem}
table.summary td,table.summary th{padding:.2rem .8rem;text-align:left}
ol.findings li{margin:.4rem 0}
.code{font-family:monospace;font-weight:bold}
.sev{display:inline-block;min-width:4.5rem;font-size:.8rem;text-transform:uppercase}
.sev-error{color:#a00}.sev-warning{color:#8a5a00}.sev-info{color:#036}
.snippet{display:block;font-family:monospace;color:#555;margin-left:1rem}
.help{display:block;margin-left:1rem;color:#333}
pre.draft{white-space:pre-wrap;font:14px/1.6 Georgia,serif;background:#fafafa;padding:1rem;border:1px solid #ddd}
mark{padding:0 1px}mark.sev-error{background:#fcc}mark.sev-warning{background:#fe9}mark.sev-info{background:#cef}
:target{outline:2px solid #06c}
"""


def _document_title(annotation: Annotation) -> str:
    titles = annotation.document.sections_of_kind(SectionKind.TITLE)
    if titles:
        title = annotation.document.text[titles[0].start : titles[0].end].strip()
        if title:
            return " ".join(title.split())
    return annotation.document.id


def _finding_item(finding: Finding, anchor: str, annotations: Mapping[str, Annotation]) -> str:
    where = f"{source_path(finding.document, annotations)}:{finding.line}:{finding.column} (page {finding.page})"
    parts = [
        f'<li><span class="sev sev-{finding.severity.value}">{finding.severity.value}</span> ',
        f'<a href="#{anchor}"><span class="code">{escape(finding.code)}</span></a> ',
        f"{escape(finding.message)} <small>{escape(where)}</small>",
    ]
    if finding.snippet:
        parts.append(f'<span class="snippet">“{escape(finding.snippet)}”</span>')
    if finding.suggestion:
        parts.append(f'<span class="help">{escape(finding.suggestion)}</span>')
    return "".join(parts) + "</li>"


def highlight(text: str, findings: Sequence[Finding], anchors: Sequence[str]) -> str:
    """The escaped text with ``<mark>`` around every finding's span and an anchor where each one starts.

    Overlapping spans are cut into pieces; each piece is marked with the most severe finding covering it.
    """
    cuts = sorted({0, len(text)} | {min(max(f.start, 0), len(text)) for f in findings}
                  | {min(max(f.end, 0), len(text)) for f in findings})
    starts: dict[int, list[str]] = {}
    for finding, anchor in zip(findings, anchors, strict=True):
        starts.setdefault(min(max(finding.start, 0), len(text)), []).append(anchor)
    pieces = []
    for a, b in zip(cuts, cuts[1:] + [len(text)], strict=True):
        pieces.extend(f'<span id="{anchor}"></span>' for anchor in starts.get(a, ()))
        if a >= b:
            continue
        covering = [f for f in findings if f.start <= a < f.end]
        chunk = escape(text[a:b])
        if covering:
            worst = max(covering, key=lambda f: f.severity.rank)
            codes = " ".join(sorted({f.code for f in covering}))
            chunk = f'<mark class="sev-{worst.severity.value}" title="{escape(codes)}">{chunk}</mark>'
        pieces.append(chunk)
    return "".join(pieces)


def _document_section(index: int, document: str, findings: Sequence[Finding],
                      annotations: Mapping[str, Annotation]) -> str:
    anchors = [f"d{index}-f{n}" for n in range(1, len(findings) + 1)]
    annotation = annotations.get(document)
    heading = _document_title(annotation) if annotation is not None else document
    parts = [
        f'<section id="d{index}"><h2>{escape(heading)}</h2>',
        f"<p>{escape(source_path(document, annotations))}: {len(findings)} finding(s)</p>",
    ]
    if findings:
        parts.append('<ol class="findings">')
        parts.extend(_finding_item(f, anchor, annotations) for f, anchor in zip(findings, anchors, strict=True))
        parts.append("</ol>")
    if annotation is not None:
        parts.append(f'<pre class="draft">{highlight(annotation.document.text, findings, anchors)}</pre>')
    parts.append("</section>")
    return "\n".join(parts)


def render(findings: Sequence[Finding], annotations: Mapping[str, Annotation]) -> str:
    summary = summarize(findings, annotations)
    documents = sorted(set(annotations) | {f.document for f in findings})
    rows = "".join(
        f'<tr><td><a href="#d{i}">{escape(doc)}</a></td>'
        + "".join(
            f"<td>{sum(1 for f in findings if f.document == doc and f.severity == s)}</td>" for s in Severity
        )
        + "</tr>"
        for i, doc in enumerate(documents, 1)
    )
    sections = "\n".join(
        _document_section(i, doc, [f for f in findings if f.document == doc], annotations)
        for i, doc in enumerate(documents, 1)
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>annocite report</title>
<style>{STYLE}</style>
</head>
<body>
<h1>annocite report</h1>
<p>{escape(summary.sentence())}</p>
<table class="summary"><tr><th>document</th><th>errors</th><th>warnings</th><th>info</th></tr>{rows}</table>
{sections}
</body>
</html>
"""
