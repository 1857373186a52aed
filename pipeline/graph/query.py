"""Questions researchers ask of the graph, with lenient name matching (case, diacritics, aliases, acronyms)."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from pipeline.errors import UsageError
from pipeline.graph.build import EVIDENCE_SEPARATOR
from pipeline.names import fold

CENTRALITY = ("degree", "pagerank", "betweenness")


def find_node(graph: nx.DiGraph, name: str) -> str:
    """The node a person means by ``name``: exact id, then label, then any form (folded), then a substring."""
    if name in graph:
        return name
    wanted = fold(name)
    scored = []
    for node, data in graph.nodes(data=True):
        names = [data.get("label", "")] + [f for f in data.get("forms", "").split(EVIDENCE_SEPARATOR) if f]
        folded = [fold(n) for n in names]
        if wanted in folded:
            rank = 0 if folded[0] == wanted else 1
        elif any(wanted and wanted in f.split() or wanted in f for f in folded):
            rank = 2
        else:
            continue
        scored.append((rank, data.get("type") != "entity", -graph.degree(node), node))
    if not scored:
        raise UsageError(None, f"no node matches {name!r}", "try `annocite graph top` to see names")
    return min(scored)[3]


def neighbors(graph: nx.DiGraph, name: str) -> list[tuple[str, str, str, int]]:
    """(neighbour id, its label, edge kind, weight) for every neighbour, heaviest first."""
    node = find_node(graph, name)
    rows = []
    for other in set(graph.successors(node)) | set(graph.predecessors(node)):
        data = graph.edges[node, other] if graph.has_edge(node, other) else graph.edges[other, node]
        rows.append((other, graph.nodes[other].get("label", other), data["kind"], data.get("weight", 1)))
    return sorted(rows, key=lambda r: (-r[3], r[1]))


def _entity_graph(graph: nx.DiGraph) -> nx.Graph:
    entities = [n for n, d in graph.nodes(data=True) if d.get("type") == "entity"]
    view = nx.Graph()
    view.add_nodes_from(entities)
    for first, second, data in graph.edges(data=True):
        if data["kind"] == "co-occurs":
            view.add_edge(first, second, weight=data["weight"])
    return view


def top(
    graph: nx.DiGraph, *, by: str = "degree", type: str | None = "entity", limit: int = 10
) -> list[tuple[str, str, float]]:
    """The most central nodes: (id, label, score). Entities are ranked on the co-occurrence graph."""
    if by not in CENTRALITY:
        raise UsageError(None, f"unknown centrality {by!r}", f"use one of {', '.join(CENTRALITY)}")
    view = _entity_graph(graph) if type == "entity" else graph.to_undirected()
    if by == "degree":
        scores = {n: float(d) for n, d in view.degree(weight="weight")}
    elif by == "pagerank":
        scores = nx.pagerank(view, weight="weight") if view.number_of_edges() else {n: 0.0 for n in view}
    else:
        scores = nx.betweenness_centrality(view, weight=None)
    rows = [
        (n, graph.nodes[n].get("label", n), s)
        for n, s in scores.items()
        if type in (None, "all") or graph.nodes[n].get("type") == type
    ]
    return sorted(rows, key=lambda r: (-r[2], r[1]))[:limit]


def path(graph: nx.DiGraph, first: str, second: str) -> list[str]:
    """The shortest chain of nodes linking two names (ignoring edge direction)."""
    a, b = find_node(graph, first), find_node(graph, second)
    try:
        return nx.shortest_path(graph.to_undirected(as_view=True), a, b)
    except nx.NetworkXNoPath:
        return []


@dataclass(frozen=True)
class Evidence:
    sentence: str
    text: str


def evidence(graph: nx.DiGraph, first: str, second: str) -> list[Evidence]:
    """The sentences in which two entities occur together."""
    a, b = find_node(graph, first), find_node(graph, second)
    data = graph.get_edge_data(a, b) or graph.get_edge_data(b, a)
    if not data or data.get("kind") != "co-occurs":
        return []
    sentences = graph.graph.get("sentences", {})
    return [Evidence(ref, sentences.get(ref, "")) for ref in data["evidence"].split(EVIDENCE_SEPARATOR) if ref]


def stats(graph: nx.DiGraph) -> dict[str, int]:
    counts: dict[str, int] = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    for _node, data in graph.nodes(data=True):
        key = f"{data.get('type', 'other')} nodes"
        counts[key] = counts.get(key, 0) + 1
    for _a, _b, data in graph.edges(data=True):
        key = f"{data.get('kind', 'other')} edges"
        counts[key] = counts.get(key, 0) + 1
    counts["connected components"] = nx.number_weakly_connected_components(graph) if graph else 0
    return dict(sorted(counts.items()))
