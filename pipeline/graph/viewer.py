"""The interactive graph viewer: one self-contained offline HTML file (Cytoscape.js bundled inline).

All document text travels as JSON inside a ``<script type="application/json">`` block with ``<``, ``>`` and ``&``
escaped, and is put on the page with ``textContent`` only, so a draft cannot inject markup or script.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import networkx as nx

from pipeline.fileio import atomic_write_text
from pipeline.graph.build import EVIDENCE_SEPARATOR

COLOURS = {"document": "#6b7280", "reference": "#2563eb", "claim": "#f59e0b", "entity": "#16a34a"}


def viewer_payload(graph: nx.DiGraph) -> dict:
    """Nodes, edges and evidence sentences in Cytoscape's element format."""
    degree = dict(graph.to_undirected(as_view=True).degree())
    nodes = [
        {
            "data": {
                "id": node,
                "label": str(data.get("label", node))[:80],
                "type": data.get("type", "other"),
                "degree": degree.get(node, 0),
                "detail": str(data.get("entity_label") or data.get("raw") or ""),
                "forms": str(data.get("forms", "")),
            }
        }
        for node, data in sorted(graph.nodes(data=True))
    ]
    edges = [
        {
            "data": {
                "id": f"e{i}",
                "source": a,
                "target": b,
                "kind": d.get("kind", ""),
                "weight": d.get("weight", 1),
                "evidence": [e for e in str(d.get("evidence", "")).split(EVIDENCE_SEPARATOR) if e],
                "locator": d.get("locator", ""),
            }
        }
        for i, (a, b, d) in enumerate(sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])))
    ]
    return {"nodes": nodes, "edges": edges, "sentences": graph.graph.get("sentences", {}), "colours": COLOURS}


def _script_json(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def viewer_html(graph: nx.DiGraph) -> str:
    library = resources.files("pipeline.graph").joinpath("vendor/cytoscape.min.js").read_text(encoding="utf-8")
    template = resources.files("pipeline.graph").joinpath("viewer_template.html").read_text(encoding="utf-8")
    return template.replace("/*CYTOSCAPE*/", library.replace("</script", "<\\/script")).replace(
        "/*DATA*/", _script_json(viewer_payload(graph))
    )


def write_viewer(graph: nx.DiGraph, path: Path) -> Path:
    atomic_write_text(path, viewer_html(graph))
    return path
