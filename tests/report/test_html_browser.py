"""The HTML report in headless Chromium (Debian chromium driven by Playwright, see tests/browser.py): the seed's
real findings are listed and each links to its highlighted text; hostile text in a draft runs no script. The SARIF
report of the same findings is checked structurally against the seed text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser import browser_page
from report_fixtures import checked

from pipeline.check import CheckConfig, run_checks
from pipeline.report import render

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "outputs" / "check-report.png"
FLAG_SCRIPT = "<script>window.__annociteOwned = 'title'</script>"
FLAG_LINK = "javascript:window.__annociteOwned='link'"
FLAG_ATTRIBUTE = '" onmouseover="window.__annociteOwned=\'attribute\'" x="'


@pytest.fixture(scope="module")
def seed_report(seed_annotation, tmp_path_factory):
    findings = run_checks(seed_annotation, CheckConfig())
    path = tmp_path_factory.mktemp("html") / "check-report.html"
    path.write_text(render(findings, format="html", annotations={seed_annotation.document.id: seed_annotation}),
                    encoding="utf-8")
    return path, findings


def test_findings_list_is_visible_and_each_link_targets_a_highlight(seed_report):
    path, findings = seed_report
    with browser_page(path) as page:
        items = page.locator("ol.findings > li")
        assert items.count() == len(findings) > 0
        assert items.first.is_visible()
        links = page.locator("ol.findings > li a[href^='#d']")
        assert links.count() == len(findings)
        for index in (0, len(findings) // 2, len(findings) - 1):
            href = links.nth(index).get_attribute("href")
            links.nth(index).click()
            assert page.evaluate("location.hash") == href
            state = page.evaluate(
                """() => {
                    const target = document.querySelector(':target');
                    let mark = target && target.nextElementSibling;
                    while (mark && mark.tagName !== 'MARK') mark = mark.nextElementSibling;
                    if (!mark) return null;
                    const box = mark.getBoundingClientRect();
                    return {id: target.id, inView: box.bottom > 0 && box.top < window.innerHeight,
                            text: mark.textContent};
                }"""
            )
            assert state is not None and f"#{state['id']}" == href, href
            assert state["inView"], state
            assert findings[index].snippet[:10].strip("*") in state["text"] or state["text"] in findings[index].snippet


def test_screenshot_of_the_report(seed_report):
    path, _ = seed_report
    SCREENSHOT.parent.mkdir(exist_ok=True)
    with browser_page(path) as page:
        page.screenshot(path=str(SCREENSHOT), full_page=False)
    assert SCREENSHOT.stat().st_size > 10_000
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_hostile_draft_runs_no_script(tmp_path):
    title = f"Perspectives {FLAG_SCRIPT} {FLAG_LINK} {FLAG_ATTRIBUTE}"
    findings, annotations = checked(title)
    html = render(findings, format="html", annotations=annotations)
    path = tmp_path / "hostile.html"
    path.write_text(html, encoding="utf-8")
    with browser_page(path) as page:
        assert page.evaluate("document.querySelectorAll('script').length") == 0
        for mark in page.locator("mark").all():
            mark.hover()
        for link in page.locator("a").all():
            link.click()
        assert page.evaluate("typeof window.__annociteOwned") == "undefined"
        assert page.evaluate("[...document.querySelectorAll('[onmouseover]')].length") == 0
        assert "window.__annociteOwned = 'title'" in page.inner_text("body")  # shown as text, not run


def test_sarif_of_the_seed_points_at_real_lines(seed_annotation, seed_path):
    findings = run_checks(seed_annotation, CheckConfig())
    report = json.loads(render(findings, format="sarif", annotations={seed_annotation.document.id: seed_annotation}))
    (run,) = report["runs"]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(rules) == len(set(rules))
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    assert len(run["results"]) == len(findings)
    for result, finding in zip(run["results"], findings, strict=True):
        assert result["ruleId"] == finding.code
        assert rules[result.get("ruleIndex", rules.index(finding.code))] == finding.code
        assert result["level"] in ("error", "warning", "note")
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == finding.line >= 1 and region["startColumn"] == finding.column >= 1
        assert lines[region["startLine"] - 1][region["startColumn"] - 1 :].startswith(finding.snippet[:8])
