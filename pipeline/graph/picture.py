"""A static picture (PNG or SVG) of the top-N entity co-occurrence graph, for papers and reports."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx

from pipeline.fileio import atomic_write_bytes
from pipeline.graph.query import _entity_graph, top


def picture_bytes(graph: nx.DiGraph, *, format: str = "png", limit: int = 30) -> bytes:
    """Draw the ``limit`` entities with the highest weighted degree and the co-occurrences between them."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "annocite"  # stable element ids: byte-identical SVG run to run
    import matplotlib.pyplot as plt

    entities = _entity_graph(graph)
    keep = [node for node, _label, _score in top(graph, by="degree", type="entity", limit=limit)]
    sub = entities.subgraph(keep)
    positions = nx.spring_layout(sub, seed=7, weight="weight") if len(sub) else {}
    figure, axes = plt.subplots(figsize=(10, 8), dpi=120)
    axes.set_axis_off()
    weights = [sub.edges[e]["weight"] for e in sub.edges]
    nx.draw_networkx_edges(sub, positions, ax=axes, width=[0.5 + w * 0.5 for w in weights], edge_color="#94a3b8")
    sizes = [60 + 40 * sub.degree(n, weight="weight") for n in sub]
    nx.draw_networkx_nodes(sub, positions, ax=axes, node_size=sizes, node_color="#16a34a", alpha=0.85)
    labels = {n: graph.nodes[n].get("label", n) for n in sub}
    nx.draw_networkx_labels(sub, positions, labels=labels, ax=axes, font_size=8)
    axes.set_title(f"Entity co-occurrence (top {len(sub)} by degree)")
    buffer = io.BytesIO()
    metadata = {"Date": None} if format == "svg" else {"Software": None}
    figure.savefig(buffer, format=format, bbox_inches="tight", metadata=metadata)
    plt.close(figure)
    return buffer.getvalue()


def write_picture(graph: nx.DiGraph, path: Path, *, format: str, limit: int = 30) -> Path:
    atomic_write_bytes(path, picture_bytes(graph, format=format, limit=limit))
    return path
