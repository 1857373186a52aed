"""Writing and reading the graph: GraphML, GEXF (Gephi), node-link JSON and a CSV edge list.

``write_*`` / ``read_*`` pairs round-trip: reading a written graph gives an isomorphic graph with the same
attributes. GraphML and GEXF cannot hold the evidence sentences; JSON keeps them (``graph["sentences"]``).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx

from pipeline.fileio import atomic_write_text

FORMATS = ("graphml", "gexf", "json", "csv")
EDGE_COLUMNS = ("source", "target", "kind", "weight", "locator", "evidence")


def _portable(graph: nx.DiGraph) -> nx.DiGraph:
    """A copy without graph-level data that GraphML/GEXF cannot store."""
    copy = graph.copy()
    copy.graph = {"name": graph.graph.get("name", "annocite")}
    return copy


def graphml_text(graph: nx.DiGraph) -> str:
    return "\n".join(nx.generate_graphml(_portable(graph), named_key_ids=True)) + "\n"


def gexf_text(graph: nx.DiGraph) -> str:
    portable = _portable(graph)
    for _node, data in portable.nodes(data=True):
        data.setdefault("label", _node)
    return "\n".join(nx.generate_gexf(portable)) + "\n"


def json_text(graph: nx.DiGraph) -> str:
    data = nx.node_link_data(graph, edges="links")
    data["links"].sort(key=lambda e: (e["source"], e["target"]))
    data["nodes"].sort(key=lambda n: n["id"])
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def csv_text(graph: nx.DiGraph) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EDGE_COLUMNS)
    for source, target, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        writer.writerow(
            [
                source,
                target,
                data.get("kind", ""),
                data.get("weight", 1),
                data.get("locator", ""),
                data.get("evidence", ""),
            ]
        )
    return buffer.getvalue()


_RENDERERS = {"graphml": graphml_text, "gexf": gexf_text, "json": json_text, "csv": csv_text}
_SUFFIX = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "csv": ".csv"}


def write_graph(graph: nx.DiGraph, path: Path, *, format: str) -> Path:
    """Write ``graph`` atomically in ``format``; returns the path written."""
    atomic_write_text(path, _RENDERERS[format](graph))
    return path


def suffix_for(format: str) -> str:
    return _SUFFIX[format]


def read_graphml(path: Path) -> nx.DiGraph:
    return nx.read_graphml(path, force_multigraph=False)


def read_gexf(path: Path) -> nx.DiGraph:
    graph = nx.read_gexf(path, relabel=False)
    for _node, data in graph.nodes(data=True):
        data.pop("label", None) if data.get("label") == _node else None
    return graph


def read_json(path: Path) -> nx.DiGraph:
    return nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="links", directed=True)


def read_csv(path: Path) -> nx.DiGraph:
    graph = nx.DiGraph()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            graph.add_edge(
                row["source"],
                row["target"],
                kind=row["kind"],
                weight=int(row["weight"]),
                locator=row["locator"],
                evidence=row["evidence"],
            )
    return graph
