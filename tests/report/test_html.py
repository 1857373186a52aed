from __future__ import annotations

import re
from html.parser import HTMLParser

from report_fixtures import HOSTILE, checked

from pipeline.report import render


class _Collector(HTMLParser):
    """Every tag and attribute the browser would build from the report."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)
        self.ids.update(value for name, value in attrs if name == "id" and value)


def _parsed(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def test_html_is_self_contained_and_links_findings_to_highlights():
    findings, annotations = checked()
    html = render(findings, format="html", annotations=annotations)
    page = _parsed(html)
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    links = [value[1:] for name, value in page.attributes if name == "href" and value.startswith("#d1-")]
    assert len(links) == len(findings) and set(links) <= page.ids
    assert html.count('<mark class="sev-error"') >= 3
    assert "3 errors, 4 warnings, 0 info in 1 document" in html
    assert html.count("<mark") == html.count("</mark>")


def test_html_escapes_hostile_document_text():
    findings, annotations = checked(HOSTILE)
    html = render(findings, format="html", annotations=annotations)
    page = _parsed(html)
    assert "script" not in page.tags
    assert "<script>" not in html and "alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not [name for name, _ in page.attributes if name.startswith("on")]
    assert not [value for _, value in page.attributes if value and "javascript:" in value.lower()]
    assert "&quot; onmouseover=&quot;alert(3)" in html
    # the hostile reference entry is quoted in a finding (REF004) and highlighted in the draft text
    assert any("Documents <script>" in f.snippet for f in findings)


def test_html_overlapping_findings_nest_cleanly():
    findings, annotations = checked()
    overlapping = [f for f in findings if f.snippet.startswith("Politika. (2022, March 1)")]
    assert len(overlapping) == 2
    html = render(findings, format="html", annotations=annotations)
    start = html.index('<pre class="draft">')
    draft = html[start : html.index("</pre>", start)]
    assert re.search(r'<span id="d1-f6"></span><span id="d1-f7"></span><mark class="sev-warning" '
                     r'title="REF004 STY001">Politika\. \(2022, March 1\)\. Tokajev\.</mark>', draft)
