from __future__ import annotations

from pipeline.graph.build import build_document_graph
from pipeline.graph.picture import picture_bytes


def test_picture_png_and_svg_draw_top_entities(seed_annotation):
    graph = build_document_graph(seed_annotation)
    png = picture_bytes(graph, format="png", limit=10)
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    svg = picture_bytes(graph, format="svg", limit=10).decode("utf-8")
    assert "<svg" in svg and "Russia" in svg


def test_picture_svg_is_deterministic(seed_annotation):
    graph = build_document_graph(seed_annotation)
    assert picture_bytes(graph, format="svg", limit=8) == picture_bytes(graph, format="svg", limit=8)
