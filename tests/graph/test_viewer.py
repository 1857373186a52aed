"""The interactive viewer in headless Chromium: nodes drawn, search works, evidence on click, no injection."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from browser import browser_page

from pipeline.graph.build import build_document_graph
from pipeline.graph.viewer import write_viewer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def viewer_file(seed_annotation, tmp_path_factory) -> Path:
    return write_viewer(build_document_graph(seed_annotation), tmp_path_factory.mktemp("viewer") / "graph.html")


def test_viewer_draws_nodes_and_search_finds_csto(viewer_file):
    with browser_page(viewer_file) as page:
        page.wait_for_function("window.annociteGraph && window.annociteGraph.nodes().length > 0")
        drawn = page.evaluate("window.annociteGraph.nodes().length")
        assert drawn > 20
        page.fill("#search", "csto")
        page.wait_for_function("document.getElementById('status').textContent.includes('match')")
        matches = page.evaluate(
            "window.annociteGraph.nodes('.match').filter(n => n.data('type') === 'entity').map(n => n.data('label'))"
        )
        assert "Collective Security Treaty Organization" in matches or "CSTO" in matches
        page.evaluate("""() => {
            const e = window.annociteGraph.edges().filter(x => x.data('kind') === 'co-occurs')[0];
            e.emit('tap');
        }""")
        assert page.locator("#evidence li").count() >= 1
        screenshot = ROOT / "outputs" / "graph-viewer.png"
        screenshot.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(screenshot))
        assert screenshot.stat().st_size > 10_000


def test_viewer_filters_by_type(viewer_file):
    with browser_page(viewer_file) as page:
        page.wait_for_function("window.annociteGraph && window.annociteGraph.nodes().length > 0")
        page.uncheck("input.type-filter[value=claim]")
        hidden = page.evaluate("window.annociteGraph.nodes('.hidden').map(n => n.data('type'))")
        assert hidden and set(hidden) == {"claim"}


def test_viewer_document_text_cannot_inject_script(seed_annotation, tmp_path):
    document = seed_annotation.document
    hostile = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">'
    text = document.text.replace("CSTO", hostile, 1)
    shifted = len(hostile) - len("CSTO")
    first = document.text.index("CSTO")

    def move(offset: int) -> int:
        return offset + shifted if offset > first else offset

    bad = replace(
        seed_annotation,
        document=replace(
            document,
            text=text,
            sentences=tuple(replace(s, start=move(s.start), end=move(s.end)) for s in document.sentences),
        ),
    )
    path = write_viewer(build_document_graph(bad), tmp_path / "graph.html")
    html = path.read_text(encoding="utf-8")
    assert "<script>window.pwned" not in html and "<img src=x" not in html
    with browser_page(path) as page:
        page.wait_for_function("window.annociteGraph && window.annociteGraph.nodes().length > 0")
        assert page.evaluate("window.pwned === undefined")
